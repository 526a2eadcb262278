"""A booked appointment, and a clock that can be moved past it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.diary.models import Appointment
from linkwork.diary.services import appointment_book
from linkwork.episodes.models import Encounter, Referral
from linkwork.episodes.services.encounters import encounter_record
from linkwork.testing.world import SmallWorld, refer_and_start


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def session_today(world: SmallWorld, referral: Referral) -> Encounter:
    """A session already recorded today, by telephone."""
    return encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=timezone.localdate(),
        mode="telephone",
        duration_minutes=20,
    )


@pytest.fixture
def referral(world: SmallWorld) -> Referral:
    return refer_and_start(world)


@pytest.fixture
def book(world: SmallWorld, referral: Referral) -> Callable[..., Appointment]:
    def booking(**overrides: object) -> Appointment:
        fields: dict[str, object] = {
            "referral": referral,
            "actor": world.users[Role.LINK_WORKER],
            "starts_at": at(tomorrow(), 10),
            "length_minutes": 45,
            "mode": "face_to_face",
            "where": "Mill Street Surgery, room 2",
        }
        fields.update(overrides)
        return appointment_book(**fields)  # type: ignore[arg-type]

    return booking


@pytest.fixture
def move_clock(settings: pytest.FixtureRequest) -> Callable[[datetime], None]:
    """Set the product's clock (now and today) to `when`."""

    def move(when: datetime) -> None:
        settings.LINKWORK_NOW = when  # type: ignore[attr-defined]
        settings.LINKWORK_TODAY = timezone.localdate(when)  # type: ignore[attr-defined]

    return move
