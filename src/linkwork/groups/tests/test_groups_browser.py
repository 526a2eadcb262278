"""In the browser: a link worker adds a walking group, records a session with three people
from the caseload and two others, and the group session is counted in each of the three
episodes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.testing.browser import fill_date, log_in, open_menu_item
from linkwork.testing.world import build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_group_session_counted_in_three_peoples_episodes(live_server, page: Page) -> None:
    world = build_small_world()
    received = timezone.localdate() - timedelta(days=20)
    episodes = [
        refer_and_start(
            world, person={"given_name": given, "family_name": family}, received_on=received
        )
        for given, family in (("Ada", "Lovelace"), ("Grace", "Hopper"), ("Alan", "Turing"))
    ]

    log_in(page, live_server.url, "linkworker")
    open_menu_item(page, "Groups")
    expect(page.get_by_test_id("no-groups")).to_be_visible()
    page.get_by_role("link", name="Add a group").click()
    page.get_by_label("Name of the group").fill("Tuesday walking group")
    page.get_by_label("Kind of group").select_option("walking")
    page.get_by_role("button", name="Add group").click()
    expect(page.get_by_role("status")).to_contain_text("Tuesday walking group added.")

    page.get_by_role("link", name="Record a group session").click()
    # Nobody chosen and nobody counted is refused, saying what to do.
    page.get_by_label("Where it met").fill("Heaton Park main gates")
    page.get_by_label("How many others came").fill("0")
    page.get_by_role("button", name="Record group session").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Choose who came from the caseload, or count the others."
    )

    fill_date(page, "Date", timezone.localdate() - timedelta(days=1))
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        page.get_by_label(name, exact=False).check()
    page.get_by_label("How many others came").fill("2")
    page.get_by_role("button", name="Record group session").click()
    expect(page.get_by_test_id("attendees")).to_contain_text("Grace Hopper")
    expect(page.get_by_test_id("others")).to_have_text("2")

    for referral in episodes:
        page.goto(f"{live_server.url}/referrals/{referral.pk}/")
        sessions = page.get_by_test_id("sessions")
        expect(sessions).to_contain_text("Group")
        expect(page.get_by_test_id("episode-group-sessions")).to_contain_text(
            "Tuesday walking group"
        )
        expect(page.get_by_test_id("episode-group-sessions")).to_contain_text(
            "Heaton Park main gates"
        )
