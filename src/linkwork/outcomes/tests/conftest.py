"""Fixtures for the outcome tests: a scheme using every built-in, and episodes made through
the real referral and casework services."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.organisations.services import scheme_policy_set
from linkwork.outcomes.models import Administration
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.testing.world import SmallWorld, default_policy, refer_and_start

TOOLS = ("swemwbs", "ons4", "wemwbs", "ucla3", "phq9", "gad7", "pam", "eq5d5l")

MakeEpisode = Callable[..., Referral]


@pytest.fixture
def tools_world(world: SmallWorld) -> SmallWorld:
    """The small world, with the scheme using every validated built-in and two licensed tools."""
    scheme_policy_set(scheme=world.scheme, policy=default_policy(outcome_tools=TOOLS))
    return world


@pytest.fixture
def link_worker(world: SmallWorld) -> User:
    return world.users[Role.LINK_WORKER]


@pytest.fixture
def make_episode(tools_world: SmallWorld, link_worker: User) -> MakeEpisode:
    """An episode received `days_ago` days ago with weekly sessions from a week later;
    `discharged_days_ago` discharges it that many days before today."""
    counter = iter(range(1, 1000))

    def make(
        *,
        sessions: int = 1,
        days_ago: int = 60,
        discharged_days_ago: int | None = None,
        family_name: str | None = None,
    ) -> Referral:
        today = timezone.localdate()
        number = next(counter)
        referral = refer_and_start(
            tools_world,
            person={
                "family_name": family_name or f"Person{number}",
                "date_of_birth": date(1960, 1, number % 28 + 1),
            },
            received_on=today - timedelta(days=days_ago),
        )
        for week in range(1, sessions + 1):
            encounter_record(
                referral=referral,
                actor=link_worker,
                occurred_on=referral.received_on + timedelta(days=7 * week),
                mode="face_to_face",
                duration_minutes=45,
            )
        if discharged_days_ago is not None:
            referral_discharge(
                referral=referral,
                actor=link_worker,
                reason="goals_met",
                on=today - timedelta(days=discharged_days_ago),
            )
        referral.refresh_from_db()
        return referral

    return make


Give = Callable[..., Administration]


@pytest.fixture
def give() -> Give:
    """Record a questionnaire `day` days after the referral was received, with the link worker."""

    def record(
        referral: Referral,
        actor: User,
        instrument: str,
        timepoint: str,
        responses: Mapping[str, object] | Sequence[object],
        day: int,
    ) -> Administration:
        return administration_record(
            referral=referral,
            actor=actor,
            questionnaire=Questionnaire(
                instrument,
                timepoint,
                referral.received_on + timedelta(days=day),
                "with_link_worker",
            ),
            responses=responses,
        )

    return record
