"""Helpers for the implementation tests: the cast of users, and records made directly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.test import Client
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.episodes.models import Encounter, Referral
from linkwork.implementation.models import Coverage, NomadLink, NomadResponse, NomadRound
from linkwork.implementation.nomad import CONSTRUCT_ITEMS
from linkwork.implementation.nomad_services import token_hash
from linkwork.implementation.periods import parse_period
from linkwork.organisations.models import Organisation, Scheme
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld, make_user

__all__ = [
    "Q3",
    "TODAY",
    "Cast",
    "agreeing",
    "client_for",
    "cover",
    "make_cast",
    "nomad_round",
    "one_to_one",
]

Q3 = parse_period("2026-Q3")
TODAY = date(2026, 10, 31)


@dataclass
class Cast:
    world: SmallWorld
    lw: User
    lw2: User
    sm: User
    pm: User
    gp: User
    admin: User

    @property
    def practice(self) -> Organisation:
        return self.world.practice

    @property
    def scheme(self) -> Scheme:
        return self.world.scheme


def make_cast(world: SmallWorld) -> Cast:
    lw2 = make_user(
        "linkworker2", role=Role.LINK_WORKER, organisation=world.pcn, scheme=world.scheme
    )
    users = world.users
    return Cast(
        world=world,
        lw=users[Role.LINK_WORKER],
        lw2=lw2,
        sm=users[Role.SCHEME_MANAGER],
        pm=users[Role.PRACTICE_MANAGER],
        gp=users[Role.REFERRER_GP],
        admin=users[Role.SYSTEM_ADMIN],
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cover(cast: Cast, start: date = date(2025, 1, 1), end: date | None = None) -> Coverage:
    return Coverage.objects.create(
        scheme=cast.scheme,
        practice=cast.practice,
        link_worker=cast.lw,
        started_on=start,
        ended_on=end,
        recorded_by=cast.sm,
    )


def one_to_one(
    cast: Cast, day: date, minutes: int, *, source: str = "gp", attended: bool = True
) -> Encounter:
    """A referral from `source` at the practice with one encounter: patient-level time."""
    person = Person.objects.create(
        scheme=cast.scheme,
        practice=cast.practice,
        given_name="Test",
        family_name=f"Person {Person.objects.count()}",
        date_of_birth=date(1970, 1, 1),
    )
    referral = Referral.objects.create(
        scheme=cast.scheme,
        person=person,
        practice=cast.practice,
        source=source,
        received_on=day - timedelta(days=7),
        status_changed_at=timezone.make_aware(datetime.combine(day, time(9))),
        reasons=["loneliness_isolation"],
    )
    return Encounter.objects.create(
        scheme=cast.scheme,
        person=person,
        referral=referral,
        practice=cast.practice,
        occurred_on=day,
        mode="in_person",
        duration_minutes=minutes,
        attended=attended,
        recorded_by=cast.lw,
    )


def nomad_round(
    practice: Organisation,
    opener: User,
    *,
    answers: list[dict[str, object]],
    closes_on: date = date(2026, 9, 25),
    closed: bool = True,
) -> NomadRound:
    """A round with the given responses (no usable links), closed early unless `closed` is
    False."""
    survey = NomadRound.objects.create(
        practice=practice,
        opened_on=closes_on - timedelta(days=20),
        closes_on=closes_on,
        closed_on=closes_on if closed else None,
        min_responses=5,
        opened_by=opener,
    )
    for n, given in enumerate(answers):
        NomadLink.objects.create(
            round=survey, token_hash=token_hash(f"{survey.pk}-{n}"), expires_on=closes_on, used=True
        )
        NomadResponse.objects.create(
            round=survey, submitted_on=closes_on, staff_group="gps", answers=given
        )
    return survey


def agreeing(value: int = 4) -> dict[str, object]:
    """Every construct item answered `value` (the reversed item mirrored, so it scores
    `value` too)."""
    return {item.code: (6 - value if item.reversed else value) for item in CONSTRUCT_ITEMS}
