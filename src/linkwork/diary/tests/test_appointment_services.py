"""Booking, moving, cancelling, and what an appointment became, through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.dispatch import receiver
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.diary.models import Appointment
from linkwork.diary.selectors import missed_contacts
from linkwork.diary.services import (
    appointment_attended,
    appointment_cancel,
    appointment_did_not_attend,
    appointment_move,
)
from linkwork.diary.signals import appointment_booked
from linkwork.episodes.models import Referral
from linkwork.organisations.models import SchemePolicy
from linkwork.testing.world import SmallWorld

from .conftest import at, session_today, tomorrow

pytestmark = pytest.mark.django_db

Book = Callable[..., Appointment]


def problems(exc: pytest.ExceptionInfo[DomainError]) -> dict[str, list[str]]:
    return exc.value.field_errors


def test_a_booking_keeps_its_details_and_history(book: Book, world: SmallWorld) -> None:
    appointment = book(with_whom="Her daughter")
    assert appointment.status == "booked"
    assert appointment.link_worker == world.users[Role.LINK_WORKER]
    assert appointment.scheme_id == world.scheme.pk
    assert appointment.where == "Mill Street Surgery, room 2"
    assert list(appointment.events.values_list("kind", flat=True)) == ["booked"]


def test_booking_in_the_past_is_refused_with_the_field_named(book: Book) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(DomainError) as exc:
        book(starts_at=at(yesterday, 10))
    assert problems(exc) == {
        "starts_on": ["The appointment cannot be in the past: choose today or later."]
    }
    assert not Appointment.objects.exists()


def test_a_clash_with_the_workers_own_appointment_is_refused(
    book: Book, world: SmallWorld, referral: Referral
) -> None:
    book()
    with pytest.raises(DomainError) as exc:
        book(starts_at=at(tomorrow(), 10, 30))
    (message,) = problems(exc)["starts_at"]
    assert message.startswith("You already have an appointment from 10:00 to 10:45 on ")
    assert message.endswith(": choose another time.")
    # Back to back is fine; so is a colleague's diary at the same time.
    book(starts_at=at(tomorrow(), 10, 45))
    book(starts_at=at(tomorrow(), 10), link_worker=world.extra["colleague"])


def test_home_visits_only_where_the_scheme_makes_them(book: Book, world: SmallWorld) -> None:
    SchemePolicy.objects.filter(scheme=world.scheme).update(home_visits=False)
    with pytest.raises(DomainError) as exc:
        book(mode="home_visit")
    assert problems(exc)["mode"] == [
        "This scheme does not make home visits: choose another way to meet."
    ]


def test_moving_needs_a_reason_and_keeps_where_it_was(book: Book, world: SmallWorld) -> None:
    appointment = book()
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(DomainError) as exc:
        appointment_move(
            appointment=appointment, actor=worker, starts_at=at(tomorrow(), 14), reason=" "
        )
    assert "reason" in problems(exc)
    moved = appointment_move(
        appointment=appointment,
        actor=worker,
        starts_at=at(tomorrow(), 14),
        reason="The person asked to",
    )
    assert moved.rescheduled == 1
    event = moved.events.get(kind="moved")
    assert event.moved_from == at(tomorrow(), 10)
    assert event.reason == "The person asked to"
    # Moving onto its own old slot (overlapping itself) is not a clash.
    appointment_move(
        appointment=moved, actor=worker, starts_at=at(tomorrow(), 14, 15), reason="Bus times"
    )


def test_cancelling_needs_a_reason_and_frees_the_slot(book: Book, world: SmallWorld) -> None:
    appointment = book()
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(DomainError) as exc:
        appointment_cancel(appointment=appointment, actor=worker, reason="")
    assert problems(exc) == {"reason": ["Say why the appointment is cancelled."]}
    cancelled = appointment_cancel(appointment=appointment, actor=worker, reason="Unwell")
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "Unwell")
    book()  # the same time is free again
    with pytest.raises(DomainError, match="already cancelled"):
        appointment_cancel(appointment=cancelled, actor=worker, reason="Again")


def test_attended_becomes_a_session_through_the_session_service(
    book: Book, world: SmallWorld, referral: Referral, move_clock: Callable[..., None]
) -> None:
    appointment = book()
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(DomainError, match="has not started yet"):
        appointment_attended(appointment=appointment, actor=worker)
    move_clock(at(tomorrow(), 11))
    encounter = appointment_attended(appointment=appointment, actor=worker, notes="Good chat")
    appointment.refresh_from_db()
    assert appointment.status == "attended"
    assert appointment.encounter == encounter
    assert (encounter.occurred_on, encounter.session_number) == (tomorrow(), 1)
    assert encounter.location == "Mill Street Surgery, room 2"
    assert encounter.duration_minutes == 45


def test_the_session_cap_refuses_an_attended_appointment_with_its_own_message(
    book: Book, world: SmallWorld, referral: Referral, move_clock: Callable[..., None]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    SchemePolicy.objects.filter(scheme=world.scheme).update(session_cap=1)
    session_today(world, referral)
    appointment = book()
    move_clock(at(tomorrow(), 11))
    with pytest.raises(DomainError, match="would pass the scheme's cap of 1 sessions"):
        appointment_attended(appointment=appointment, actor=worker)
    appointment.refresh_from_db()
    assert appointment.status == "booked"  # nothing half-written
    assert referral.encounters.count() == 1


def test_did_not_attend_is_a_missed_session_and_counts(
    book: Book, world: SmallWorld, referral: Referral, move_clock: Callable[..., None]
) -> None:
    worker = world.users[Role.LINK_WORKER]
    first, second = book(), book(starts_at=at(tomorrow(), 15))
    move_clock(at(tomorrow(), 16))
    appointment_did_not_attend(appointment=first, actor=worker)
    appointment_did_not_attend(appointment=second, actor=worker)
    assert missed_contacts(referral) == 2
    assert not referral.encounters.filter(attended=True).exists()
    first.refresh_from_db()
    assert first.status == "did_not_attend"
    assert first.encounter is not None
    assert not first.encounter.attended


def test_booking_and_moving_announce_the_appointment_once_committed(
    book: Book, world: SmallWorld, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    heard: list[tuple[Appointment, bool]] = []

    @receiver(appointment_booked, weak=False)
    def hear(sender: object, appointment: Appointment, moved: bool, **_: object) -> None:
        heard.append((appointment, moved))

    try:
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
            appointment = book()
            appointment_move(
                appointment=appointment,
                actor=world.users[Role.LINK_WORKER],
                starts_at=at(tomorrow(), 12),
                reason="Room taken",
            )
    finally:
        appointment_booked.disconnect(hear)
    assert [moved for _, moved in heard] == [False, True]
