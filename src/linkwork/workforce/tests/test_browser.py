"""The workforce pages in a real Chromium: a line manager records supervision, a colleague
cannot see it, and the scheme manager reads the indicators."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from linkwork.core.clock import today
from linkwork.testing.browser import fill_date, log_in
from linkwork.testing.world import build_small_world
from linkwork.workforce.models import SchemeCost, SupportSession
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


def test_bad_numbers_on_the_workforce_forms_are_named(
    live_server, page: Page, tmp_path: Path
) -> None:
    world = build_small_world()
    lead = make_team_lead(world)
    make_post(world, line_manager=lead)

    log_in(page, live_server.url, "manager")
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{live_server.url}/workforce/schemes/{world.scheme.slug}/costs/")
    fill_date(page, "Period starts", today() - timedelta(days=90))
    fill_date(page, "Period ends", today() - timedelta(days=1))
    page.get_by_label("Category").select_option(index=1)
    page.get_by_label("Amount (£)").fill("1250.505")
    page.get_by_role("button", name="Record cost").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(
        "“Amount (£)” can have at most 2 figures after the decimal point."
    )
    expect(page.locator("body")).not_to_contain_text("Ensure that")
    page.screenshot(path=tmp_path / "cost_error.png", full_page=True)
    assert not SchemeCost.objects.exists()

    page.context.clear_cookies()
    log_in(page, live_server.url, "teamlead")
    page.goto(f"{live_server.url}/workforce/")
    page.get_by_test_id("my-posts").get_by_role("link").first.click()
    page.get_by_label("Type of session").select_option(label="Supervision")
    fill_date(page, "Date of the session", today() - timedelta(days=1))
    page.get_by_label("Length in minutes").fill("45.5")
    page.get_by_role("button", name="Record session").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "“Length in minutes” must be a whole number, like 12."
    )
    expect(page.locator("body")).not_to_contain_text("Enter a whole number.")
    page.screenshot(path=tmp_path / "session_error.png", full_page=True)
    assert not SupportSession.objects.exists()
