"""The background worker sends the reminders due (and raises the tasks due) by itself; a second
worker, or the same one restarted, sends nothing twice; `--no-periodic` leaves them alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from linkwork.diary.models import Appointment, AppointmentNotice

from .conftest import at, tomorrow

pytestmark = pytest.mark.django_db(transaction=True)


def worker(*args: str) -> str:
    out = StringIO()
    call_command("worker", "--batch", *args, stdout=out)
    return out.getvalue()


def test_the_worker_sends_each_reminder_once(
    book: Callable[..., Appointment],
    move_clock: Callable[..., None],
    settings: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    settings.LINKWORK_NOTIFY_API_KEY = ""  # type: ignore[attr-defined]
    settings.LINKWORK_OUTBOX_DIR = tmp_path / "outbox"  # type: ignore[attr-defined]
    appointment = book(starts_at=at(tomorrow() + timedelta(days=1), 10))
    move_clock(appointment.starts_at - timedelta(hours=2))
    reminders = AppointmentNotice.objects.filter(appointment=appointment, kind="reminder")

    assert "send-reminders" not in worker("--no-periodic")
    assert not reminders.exists()  # --no-periodic: left to another worker

    first = worker()
    assert "diary send-reminders: 1 reminder sent." in first
    assert "tasks raise-due: " in first
    assert reminders.count() == 1
    # A second worker (or this one restarted) finds nothing left to send.
    assert "diary send-reminders: 0 reminders sent." in worker()
    assert reminders.count() == 1
