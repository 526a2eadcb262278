"""Letters and reminders to the person about their appointments: by their contact preference,
each recorded against them once, and `linkwork diary send-reminders` sending each reminder once
however often it runs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from linkwork.accounts.roles import Role
from linkwork.diary.models import Appointment, AppointmentNotice
from linkwork.diary.notices import reminders_due, reminders_send
from linkwork.diary.services import appointment_cancel, appointment_move, diary_settings_save
from linkwork.diary.tests.conftest import at, tomorrow
from linkwork.episodes.models import Referral
from linkwork.messaging.models import Message
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.LINKWORK_NOTIFY_API_KEY = ""  # type: ignore[attr-defined]
    settings.LINKWORK_OUTBOX_DIR = tmp_path / "outbox"  # type: ignore[attr-defined]
    return tmp_path / "outbox"


@pytest.fixture
def referral(world: SmallWorld) -> Referral:
    """An episode of someone who prefers text messages, with a UK mobile number."""
    return refer_and_start(world, person={"preferred_contact": "text", "phone": "07700 900123"})


def sent_files(outbox: Path) -> list[dict[str, object]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(outbox.glob("*.json"))]


def test_booking_sends_a_text_by_preference_and_records_it(
    book: Callable[..., Appointment],
    outbox: Path,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        appointment = book()
    notice = AppointmentNotice.objects.get(appointment=appointment)
    assert notice.kind == "booked"
    assert notice.message is not None
    assert notice.message.channel == "sms"
    assert notice.message.purpose == "appointment_letter"
    assert notice.message.status == Message.Status.SENT
    (sent,) = sent_files(outbox)
    assert sent["to"] == "07700900123"
    words = sent["personalisation"]
    assert isinstance(words, dict)
    assert words["change"] == "Appointment booked"
    assert words["time"] == "10:00"
    assert words["where"] == "Mill Street Surgery, room 2"


def test_moving_and_cancelling_each_tell_the_person(
    world: SmallWorld,
    book: Callable[..., Appointment],
    outbox: Path,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    worker = world.users[Role.LINK_WORKER]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        appointment = book()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        appointment_move(
            appointment=appointment,
            actor=worker,
            starts_at=at(tomorrow(), 14),
            reason="The person asked to",
        )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        appointment_cancel(appointment=appointment, actor=worker, reason="Unwell")
    kinds = list(
        AppointmentNotice.objects.filter(appointment=appointment).values_list("kind", "sequence")
    )
    assert kinds == [("booked", 0), ("moved", 1), ("cancelled", 1)]
    changes = [f["personalisation"]["change"] for f in sent_files(outbox)]  # type: ignore[index]
    assert sorted(changes) == ["Appointment booked", "Appointment cancelled", "Appointment moved"]


def test_a_person_who_prefers_the_telephone_gets_no_message_but_the_record_says_why(
    world: SmallWorld,
    outbox: Path,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    from linkwork.diary.services import appointment_book

    referral = refer_and_start(world, person={"preferred_contact": "phone"})
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        appointment = appointment_book(
            referral=referral,
            actor=world.users[Role.LINK_WORKER],
            starts_at=at(tomorrow(), 11),
            length_minutes=30,
            mode="telephone",
        )
    message = AppointmentNotice.objects.get(appointment=appointment).message
    assert message is not None
    assert message.status == Message.Status.FAILED
    assert "telephone them" in message.reason
    assert sent_files(outbox) == []


def test_reminder_falls_due_the_schemes_hours_ahead_and_is_sent_once(
    world: SmallWorld,
    book: Callable[..., Appointment],
    outbox: Path,
    move_clock: Callable[..., None],
) -> None:
    appointment = book()  # no on-commit here: only the reminder is sent
    starts = appointment.starts_at
    diary_settings_save(
        scheme=world.scheme,
        actor=world.users[Role.SCHEME_MANAGER],
        missed_contacts=3,
        quiet_days=21,
        reminder_hours=6,
    )
    assert reminders_due(now=starts - timedelta(hours=7)) == []
    assert reminders_due(now=starts - timedelta(hours=6)) == [appointment]
    move_clock(starts - timedelta(hours=5))
    out = StringIO()
    call_command("diary", "send-reminders", stdout=out)
    assert out.getvalue().strip() == "1 reminder sent."
    out = StringIO()
    call_command("diary", "send-reminders", stdout=out)
    assert out.getvalue().strip() == "0 reminders sent."
    (sent,) = sent_files(outbox)
    assert sent["purpose"] == "appointment_reminder"
    assert Message.objects.filter(purpose="appointment_reminder").count() == 1


def test_a_moved_appointment_is_reminded_again_at_its_new_time(
    world: SmallWorld,
    book: Callable[..., Appointment],
    outbox: Path,
    move_clock: Callable[..., None],
) -> None:
    appointment = book(starts_at=at(tomorrow() + timedelta(days=1), 10))
    move_clock(appointment.starts_at - timedelta(hours=2))
    assert reminders_send() == 1
    moved = appointment_move(
        appointment=appointment,
        actor=world.users[Role.LINK_WORKER],
        starts_at=appointment.starts_at + timedelta(hours=4),
        reason="Room not free",
    )
    assert reminders_send() == 1
    assert reminders_send() == 0
    sequences = AppointmentNotice.objects.filter(appointment=moved, kind="reminder")
    assert sorted(sequences.values_list("sequence", flat=True)) == [0, 1]


def test_no_reminders_when_the_scheme_sets_zero_or_the_appointment_is_cancelled(
    world: SmallWorld,
    book: Callable[..., Appointment],
    outbox: Path,
) -> None:
    first = book()
    second = book(starts_at=at(tomorrow(), 15))
    appointment_cancel(appointment=second, actor=world.users[Role.LINK_WORKER], reason="Unwell")
    near = first.starts_at - timedelta(hours=1)
    assert reminders_due(now=near) == [first]
    diary_settings_save(
        scheme=world.scheme,
        actor=world.users[Role.SCHEME_MANAGER],
        missed_contacts=3,
        quiet_days=21,
        reminder_hours=0,
    )
    assert reminders_due(now=near) == []


def test_reminder_hours_out_of_range_is_refused_naming_the_field(
    world: SmallWorld,
) -> None:
    from linkwork.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        diary_settings_save(
            scheme=world.scheme,
            actor=world.users[Role.SCHEME_MANAGER],
            missed_contacts=3,
            quiet_days=21,
            reminder_hours=500,
        )
    assert "reminder_hours" in refused.value.field_errors
