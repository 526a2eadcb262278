"""Fixtures for the safeguarding tests: an episode with the link worker in a scheme that
uses PHQ-9, a PHQ-9 whose item 9 raises a risk alert, and a concern."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.organisations.services import scheme_policy_set
from linkwork.outcomes.models import RiskAlert
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.safeguarding.models import Concern
from linkwork.safeguarding.services import concern_open
from linkwork.testing.world import SmallWorld, default_policy, refer_and_start


@pytest.fixture
def link_worker(world: SmallWorld) -> User:
    return world.users[Role.LINK_WORKER]


@pytest.fixture
def manager(world: SmallWorld) -> User:
    return world.users[Role.SCHEME_MANAGER]


@pytest.fixture
def episode(world: SmallWorld) -> Referral:
    scheme_policy_set(scheme=world.scheme, policy=default_policy(outcome_tools=("ons4", "phq9")))
    return refer_and_start(world)


def raise_phq9_alert(referral: Referral, actor: User, item9: int = 2) -> RiskAlert:
    administration = administration_record(
        referral=referral,
        actor=actor,
        questionnaire=Questionnaire(
            "phq9", "baseline", timezone.localdate() - timedelta(days=1), "with_link_worker"
        ),
        responses=[1, 1, 1, 1, 1, 1, 1, 1, item9],
    )
    return administration.alerts.get()


@pytest.fixture
def alert(episode: Referral, link_worker: User) -> RiskAlert:
    return raise_phq9_alert(episode, link_worker)


def open_concern(referral: Referral, actor: User, **overrides: object) -> Concern:
    fields: dict[str, object] = {
        "category": "adult",
        "observed": "Bruising on the arms; said a neighbour pushed them.",
        "actions": "Talked it through; agreed to tell the safeguarding lead.",
        "review_on": timezone.localdate() + timedelta(days=7),
    }
    fields.update(overrides)
    return concern_open(referral=referral, actor=actor, **fields)  # type: ignore[arg-type]


@pytest.fixture
def concern(episode: Referral, link_worker: User) -> Concern:
    return open_concern(episode, link_worker)
