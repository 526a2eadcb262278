"""Discharging an episode cancels its appointments still to come, each with the reason and the
person told by their preference, as any cancellation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from linkwork.accounts.roles import Role
from linkwork.diary.models import Appointment, AppointmentEvent, AppointmentNotice
from linkwork.episodes.models import Referral
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.testing.world import SmallWorld, refer_and_start

from .conftest import at, session_today, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world: SmallWorld) -> Referral:
    return refer_and_start(world, person={"preferred_contact": "text", "phone": "07700 900123"})


def test_discharge_cancels_future_appointments_and_tells_the_person(
    world: SmallWorld,
    referral: Referral,
    book: Callable[..., Appointment],
    settings: pytest.FixtureRequest,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    settings.LINKWORK_NOTIFY_API_KEY = ""  # type: ignore[attr-defined]
    settings.LINKWORK_OUTBOX_DIR = tmp_path / "outbox"  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        first = book()
        second = book(starts_at=at(tomorrow(), 15))
    worker = world.users[Role.LINK_WORKER]
    session_today(world, referral)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        referral_discharge(referral=referral, actor=worker, reason="goals_met")
    for appointment in (first, second):
        appointment.refresh_from_db()
        assert appointment.status == "cancelled"
        assert appointment.cancel_reason == "The episode of support ended"
        event = AppointmentEvent.objects.filter(appointment=appointment).last()
        assert event is not None
        assert event.kind == "cancelled"
        assert event.actor == worker
        notice = AppointmentNotice.objects.get(appointment=appointment, kind="cancelled")
        assert notice.message is not None
        assert notice.message.status == "sent"


def test_a_refused_discharge_cancels_nothing(
    world: SmallWorld, referral: Referral, book: Callable[..., Appointment]
) -> None:
    appointment = book()
    with pytest.raises(Exception, match="reason"):
        referral_discharge(
            referral=referral, actor=world.users[Role.LINK_WORKER], reason="not a reason"
        )
    appointment.refresh_from_db()
    assert appointment.status == "booked"
