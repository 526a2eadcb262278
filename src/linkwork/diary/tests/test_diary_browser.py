"""In the browser: the link worker books an appointment from the episode page (a time that has
passed is refused, saying why), finds it in their diary on the day, records it as attended
from the filled-in session form, and the session is on the episode."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.diary.services import appointment_book
from linkwork.testing.browser import fill_date, log_in, open_menu_item
from linkwork.testing.world import build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_book_attend_and_the_session_is_on_the_episode(live_server, page: Page, settings) -> None:
    world = build_small_world()
    referral = refer_and_start(world)
    episode = f"{live_server.url}/referrals/{referral.pk}/"
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)

    log_in(page, live_server.url, "linkworker")
    page.goto(episode)
    expect(page.get_by_test_id("no-appointments")).to_be_visible()
    page.get_by_role("link", name="Book an appointment").click()
    expect(
        page.get_by_role("heading", name="Book an appointment with Ada Lovelace")
    ).to_be_visible()

    # A day that has passed is refused, with the field named.
    fill_date(page, "Date", today - timedelta(days=1))
    page.get_by_label("Time").fill("10:30")
    page.get_by_role("button", name="Book appointment").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The appointment cannot be in the past: choose today or later."
    )

    fill_date(page, "Date", tomorrow)
    page.get_by_label("Time").fill("10:30")
    page.get_by_label("Where, or the video link").fill("Mill Street Surgery, room 2")
    page.get_by_label("With whom").fill("Her daughter")
    page.get_by_role("button", name="Book appointment").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Appointment booked for ")
    expect(page.get_by_test_id("appointments")).to_contain_text("Mill Street Surgery, room 2")
    expect(page.get_by_test_id("appointments")).to_contain_text("Her daughter")

    # An earlier one the same day, which the person will miss.
    appointment_book(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        starts_at=timezone.make_aware(datetime.combine(tomorrow, time(9))),
        length_minutes=30,
        mode="telephone",
    )

    # The day comes; the appointments are in today's diary once they have started.
    settings.LINKWORK_NOW = timezone.make_aware(datetime.combine(tomorrow, time(11, 30)))
    settings.LINKWORK_TODAY = tomorrow
    open_menu_item(page, "My diary")
    todays = page.get_by_test_id("today")
    expect(todays).to_contain_text("Ada Lovelace")
    expect(todays).to_contain_text("10:30\u201311:15")
    missed = todays.get_by_test_id("appointment").filter(has_text="09:00")
    missed.get_by_role("button", name="Did not attend").click()
    # Only the row changes (htmx): marked, with nothing left to do.
    expect(missed.get_by_role("status")).to_have_text("Did not attend")
    expect(missed.get_by_role("button")).to_have_count(0)
    expect(page.get_by_text("Recorded: Ada Lovelace did not attend.")).to_have_count(0)
    todays.get_by_test_id("appointment").filter(has_text="10:30").get_by_role(
        "link", name="Attended"
    ).click()

    expect(page.get_by_role("heading", name="Record the session with Ada Lovelace")).to_be_visible()
    expect(page.get_by_label("Minutes")).to_have_value("45")
    expect(page.get_by_label("Where")).to_have_value("Mill Street Surgery, room 2")
    page.get_by_label("Notes").fill("Talked about the walking group")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_test_id("today")).to_contain_text("Attended")

    page.goto(episode)
    sessions = page.get_by_test_id("sessions")
    expect(sessions).to_contain_text(f"{tomorrow.day} {tomorrow:%b %Y}")
    expect(sessions).to_contain_text("Talked about the walking group")
    expect(sessions).to_contain_text("Did not attend")
    expect(page.get_by_test_id("no-appointments")).to_be_visible()
    expect(page.get_by_test_id("past-appointments")).to_contain_text("Attended")


def test_withdrawing_the_episode_cancels_what_was_booked(live_server, page: Page) -> None:
    world = build_small_world()
    referral = refer_and_start(world)
    tomorrow = timezone.localdate() + timedelta(days=1)
    appointment_book(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        starts_at=timezone.make_aware(datetime.combine(tomorrow, time(14))),
        length_minutes=30,
        mode="telephone",
    )

    log_in(page, live_server.url, "linkworker")
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    expect(page.get_by_test_id("appointments")).to_contain_text("14:00")
    page.get_by_text("Close as withdrawn or did not engage").click()
    closing = page.locator("form").filter(has=page.get_by_label("Close the referral as"))
    closing.get_by_label("Close the referral as").select_option(label="Withdrawn")
    closing.get_by_label("Note").fill("Moved out of the area")
    closing.get_by_role("button", name="Close referral").click()

    expect(page.get_by_test_id("no-appointments")).to_be_visible()
    expect(page.get_by_test_id("past-appointments")).to_contain_text(
        "Cancelled (The episode of support ended: withdrawn)"
    )
