"""In the browser: the evaluation run from the dashboard, for a scheme's manager (with
charts) and for a researcher (small groups suppressed, no names)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from linkwork.testing.browser import log_in
from linkwork.testing.world import build_small_world, refer_and_start
from linkwork.workforce.tests.helpers import make_post, make_team_lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_evaluation(page: Page, base_url: str, username: str) -> None:
    log_in(page, base_url, username)
    # The header folds overflowing links into a "More" menu, so go to the page by address.
    page.goto(f"{base_url}/evaluation/")
    page.get_by_role("button", name="Run the evaluation").click()
    expect(page.get_by_role("heading", name="Social prescribing evaluation")).to_be_visible()


def test_manager_and_researcher_run_the_evaluation(live_server, page: Page) -> None:
    world = build_small_world()
    for index in range(3):
        refer_and_start(world, person={"given_name": f"Person{index}"})
    run_evaluation(page, live_server.url, "manager")
    expect(page.get_by_text("do not publish this version")).to_be_visible()
    expect(page.locator("svg.lw-chart").first).to_be_visible()
    expect(page.get_by_role("link", name="a self-contained HTML report")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    run_evaluation(page, live_server.url, "researcher")
    expect(page.get_by_text("Groups of fewer than 10 people are suppressed")).to_be_visible()
    expect(page.get_by_text("Person0")).to_have_count(0)


def test_the_scorecard_fits_a_1280_pixel_screen(live_server, page: Page) -> None:
    """The data-quality scorecard has a column per measure: it sits below its chart at full
    width, and what still does not fit scrolls inside its own captioned box, not the page."""
    world = build_small_world()
    for index in range(3):
        refer_and_start(world, person={"given_name": f"Person{index}"})
    page.set_viewport_size({"width": 1280, "height": 900})
    run_evaluation(page, live_server.url, "manager")
    scorecard = page.get_by_role("region", name="Data quality by scheme")
    expect(scorecard).to_be_visible()
    expect(scorecard.locator("caption")).to_have_text("Data quality by scheme")
    box = scorecard.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_workforce_indicators_are_in_the_evaluation(
    live_server, page: Page, tmp_path: Path
) -> None:
    world = build_small_world()
    lead = make_team_lead(world)
    make_post(world, line_manager=lead)
    refer_and_start(world, person={"given_name": "Person0"})
    page.set_viewport_size({"width": 375, "height": 900})
    run_evaluation(page, live_server.url, "manager")
    heading = page.get_by_role("heading", name="Workforce", exact=True)
    expect(heading).to_be_visible()
    section = page.locator("table").filter(has_text="Caseload per WTE").first
    expect(section).to_contain_text(world.scheme.name)
    row = section.locator("tbody tr").first
    expect(row.locator("td").nth(1)).to_have_text("1.00")  # one full-time post
    expect(row.locator("td").nth(3)).to_have_text("1")  # filled
    section.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "manager.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Log out").click()
    run_evaluation(page, live_server.url, "researcher")
    section = page.locator("table").filter(has_text="Caseload per WTE").first
    expect(section).to_contain_text(world.scheme.name)
    expect(section).to_contain_text("not shown")  # one link worker: too few to show
    section.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "researcher.png")
