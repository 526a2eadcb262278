"""The workforce pages in a real Chromium: a line manager records supervision, a colleague
cannot see it, and the scheme manager reads the indicators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from linkwork.core.clock import today
from linkwork.testing.browser import fill_date, log_in
from linkwork.testing.world import build_small_world
from linkwork.workforce.models import SupportSession
from linkwork.workforce.tests.helpers import make_post, make_team_lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervision_is_private_and_the_manager_sees_indicators(live_server, page: Page) -> None:
    world = build_small_world()
    lead = make_team_lead(world)
    post = make_post(world, line_manager=lead)

    log_in(page, live_server.url, "teamlead")
    page.goto(f"{live_server.url}/workforce/")  # the header keeps it under "More"
    page.get_by_test_id("my-posts").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Linkworker Tester")
    page.get_by_label("Type of session").select_option(label="Supervision")
    fill_date(page, "Date of the session", today() - timedelta(days=1))
    page.get_by_label("Length in minutes").fill("55")
    page.get_by_label("Notes").fill("Reviewed a complex housing case.")
    page.get_by_role("button", name="Record session").click()
    expect(page.get_by_test_id("sessions")).to_contain_text("Reviewed a complex housing case.")
    assert SupportSession.objects.get().supervisor == lead

    page.context.clear_cookies()
    log_in(page, live_server.url, "colleague")
    response = page.goto(f"{live_server.url}/workforce/posts/{post.pk}/")
    assert response is not None
    assert response.status == 403
    expect(page.locator("body")).not_to_contain_text("Reviewed a complex housing case.")

    page.context.clear_cookies()
    log_in(page, live_server.url, "manager")
    page.goto(f"{live_server.url}/workforce/")
    page.get_by_role("link", name="Workforce indicators for all your schemes").click()
    table = page.get_by_test_id("indicators")
    expect(table).to_contain_text(world.scheme.name)
    expect(table).to_contain_text("Model 1")
    expect(page.locator("body")).not_to_contain_text("Reviewed a complex housing case.")
