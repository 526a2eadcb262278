"""Closing an episode, whichever way, cancels its appointments still to come, each with the
reason and the person told by their preference, as any cancellation. Ones already started are
left to be recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.diary.models import Appointment, AppointmentEvent, AppointmentNotice
from linkwork.diary.services import appointment_book
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import Referral
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.intake import referral_decline
from linkwork.episodes.services.lifecycle import referral_close
from linkwork.testing.world import SmallWorld, refer, refer_and_start

from .conftest import at, session_today, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world: SmallWorld) -> Referral:
    return refer_and_start(world, person={"preferred_contact": "text", "phone": "07700 900123"})


@pytest.fixture
def outbox(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.LINKWORK_NOTIFY_API_KEY = ""  # type: ignore[attr-defined]
    settings.LINKWORK_OUTBOX_DIR = tmp_path / "outbox"  # type: ignore[attr-defined]


def _discharge(world: SmallWorld, referral: Referral, worker: User) -> None:
    session_today(world, referral)
    referral_discharge(referral=referral, actor=worker, reason="goals_met")


def _withdraw(world: SmallWorld, referral: Referral, worker: User) -> None:
    referral_close(referral=referral, actor=worker, to=Status.WITHDRAWN, note="Moved away")


def _did_not_engage(world: SmallWorld, referral: Referral, worker: User) -> None:
    referral_close(referral=referral, actor=worker, to=Status.DID_NOT_ENGAGE)


CLOSES = {
    "discharged": (_discharge, "The episode of support ended"),
    "withdrawn": (_withdraw, "The episode of support ended: withdrawn"),
    "did not engage": (_did_not_engage, "The episode of support ended: did not engage"),
}


@pytest.mark.usefixtures("outbox")
@pytest.mark.parametrize("close", CLOSES.values(), ids=CLOSES.keys())
def test_every_close_cancels_future_appointments_and_tells_the_person(
    world: SmallWorld,
    referral: Referral,
    book: Callable[..., Appointment],
    close: tuple[Callable[[SmallWorld, Referral, User], None], str],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    closing, reason = close
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        first = book()
        second = book(starts_at=at(tomorrow(), 15))
    worker = world.users[Role.LINK_WORKER]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        closing(world, referral, worker)
    for appointment in (first, second):
        appointment.refresh_from_db()
        assert appointment.status == "cancelled"
        assert appointment.cancel_reason == reason
        event = AppointmentEvent.objects.filter(appointment=appointment).last()
        assert event is not None
        assert event.kind == "cancelled"
        assert event.actor == worker
        notice = AppointmentNotice.objects.get(appointment=appointment, kind="cancelled")
        assert notice.message is not None
        assert notice.message.status == "sent"


@pytest.mark.usefixtures("outbox")
def test_declining_a_referral_cancels_what_was_booked_before_triage(
    world: SmallWorld, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    referral = refer(world, person={"preferred_contact": "text", "phone": "07700 900124"})
    manager = world.users[Role.SCHEME_MANAGER]
    worker = world.users[Role.LINK_WORKER]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        appointment = appointment_book(
            referral=referral,
            actor=worker,
            starts_at=at(tomorrow(), 11),
            length_minutes=30,
            mode="telephone",
        )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        referral_decline(referral=referral, actor=manager, reason="needs_other_service")
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert appointment.cancel_reason == "The episode of support ended: declined"
    assert AppointmentNotice.objects.filter(appointment=appointment, kind="cancelled").exists()


def test_an_appointment_already_started_is_left_to_be_recorded(
    world: SmallWorld,
    referral: Referral,
    book: Callable[..., Appointment],
    move_clock: Callable[..., None],
) -> None:
    started = book()
    later = book(starts_at=started.starts_at + timedelta(days=2))
    move_clock(started.starts_at + timedelta(minutes=10))
    _withdraw(world, referral, world.users[Role.LINK_WORKER])
    started.refresh_from_db()
    later.refresh_from_db()
    assert started.status == "booked"
    assert later.status == "cancelled"


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


def test_a_refused_close_cancels_nothing(
    world: SmallWorld, referral: Referral, book: Callable[..., Appointment]
) -> None:
    appointment = book()
    with pytest.raises(Exception, match="discharge or decline"):
        referral_close(referral=referral, actor=world.users[Role.LINK_WORKER], to=Status.DECLINED)
    appointment.refresh_from_db()
    assert appointment.status == "booked"
