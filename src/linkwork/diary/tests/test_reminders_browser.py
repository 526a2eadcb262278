"""In the browser: the link worker books an appointment for someone who prefers text messages;
the booking and, the scheme's hours before, the reminder go to them (the file outbox here) and
show on their record; on the day the appointment is recorded as attended and becomes the
episode's session."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.diary.models import AppointmentNotice
from linkwork.testing.browser import fill_date, log_in, open_menu_item
from linkwork.testing.world import build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sent(outbox: Path) -> list[str]:
    """What went to the person, in order of sending, by purpose."""
    files = sorted(outbox.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    return [json.loads(p.read_text("utf-8"))["purpose"] for p in files]


def test_book_remind_attend_and_the_session_is_on_the_episode(
    live_server, page: Page, settings, tmp_path: Path
) -> None:
    settings.LINKWORK_NOTIFY_API_KEY = ""
    settings.LINKWORK_OUTBOX_DIR = tmp_path / "outbox"
    world = build_small_world()
    referral = refer_and_start(world, person={"preferred_contact": "text", "phone": "07700 900123"})
    episode = f"{live_server.url}/referrals/{referral.pk}/"
    day = timezone.localdate() + timedelta(days=2)

    log_in(page, live_server.url, "linkworker")
    page.goto(episode)
    page.get_by_role("link", name="Book an appointment").click()
    fill_date(page, "Date", day)
    page.get_by_label("Time").fill("10:30")
    page.get_by_label("Where, or the video link").fill("Mill Street Surgery, room 2")
    page.get_by_role("button", name="Book appointment").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Appointment booked for ")
    assert sent(tmp_path / "outbox") == ["appointment_letter"]

    # That morning, within the scheme's 24 hours, the reminder falls due; it goes once
    # however often the command runs.
    settings.LINKWORK_NOW = timezone.make_aware(datetime.combine(day, time(9)))
    out = StringIO()
    call_command("diary", "send-reminders", stdout=out)
    call_command("diary", "send-reminders", stdout=out)
    assert out.getvalue().splitlines() == ["1 reminder sent.", "0 reminders sent."]
    assert sent(tmp_path / "outbox") == ["appointment_letter", "appointment_reminder"]
    assert AppointmentNotice.objects.count() == 2
    page.goto(f"{live_server.url}/people/{referral.person_id}/")
    expect(page.get_by_text("Appointment reminder")).to_be_visible()

    # The appointment comes; it is recorded as attended and becomes the session.
    settings.LINKWORK_NOW = timezone.make_aware(datetime.combine(day, time(11, 30)))
    settings.LINKWORK_TODAY = day
    open_menu_item(page, "My diary")
    todays = page.get_by_test_id("today")
    todays.get_by_test_id("appointment").filter(has_text="10:30").get_by_role(
        "link", name="Attended"
    ).click()
    expect(page.get_by_label("Where")).to_have_value("Mill Street Surgery, room 2")
    page.get_by_label("Notes").fill("Talked about the walking group")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_test_id("today")).to_contain_text("Attended")
    page.goto(episode)
    expect(page.get_by_test_id("sessions")).to_contain_text("Talked about the walking group")
    # Nothing more goes to the person once it has happened.
    call_command("diary", "send-reminders", stdout=StringIO())
    assert len(sent(tmp_path / "outbox")) == 2
