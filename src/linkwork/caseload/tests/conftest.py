"""A caseload to filter: episodes at different stages, with sessions and appointments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.diary.models import Appointment
from linkwork.diary.services import appointment_book
from linkwork.episodes.models import Encounter, Referral
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.intake import referral_accept
from linkwork.testing.world import SmallWorld, refer, refer_and_start


def today() -> date:
    return timezone.localdate()


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def session(
    world: SmallWorld, referral: Referral, *, days_ago: int, attended: bool = True
) -> Encounter:
    return encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=today() - timedelta(days=days_ago),
        mode="telephone",
        duration_minutes=20,
        attended=attended,
    )


def book(world: SmallWorld, referral: Referral, *, days_ahead: int, hour: int = 10) -> Appointment:
    return appointment_book(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        starts_at=at(today() + timedelta(days=days_ahead), hour),
        length_minutes=30,
        mode="telephone",
    )


Start = Callable[..., Referral]


@pytest.fixture
def start(world: SmallWorld) -> Start:
    """An episode with the link worker, for a person named `family` referred `days_ago`."""

    def starting(family: str, *, days_ago: int = 30, **referral: object) -> Referral:
        return refer_and_start(
            world,
            person={"family_name": family},
            received_on=today() - timedelta(days=days_ago),
            **referral,
        )

    return starting


@pytest.fixture
def waiting_unassigned(world: SmallWorld) -> Callable[[str], Referral]:
    """Accepted with nobody assigned yet."""

    def make(family: str) -> Referral:
        referral = refer(world, person={"family_name": family})
        referral_accept(referral=referral, actor=world.users[Role.SCHEME_MANAGER])
        return referral

    return make
