"""Searching the directory, reading a service and chasing stale entries, in a real Chromium."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.directory.tests.factories import add_postcodes, add_service
from linkwork.testing.browser import log_in, open_menu_item
from linkwork.testing.world import build_small_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_watching_console(page: Page, base_url: str, username: str) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, base_url, username)
    return errors


def small_directory():
    world = build_small_world()
    add_postcodes()
    old = timezone.localdate() - timedelta(days=300)
    add_service(
        "Friendship café",
        needs=("loneliness_isolation",),
        postcode="G1 1AA",
        minimum_age=18,
        region=world.england,
        description="Tea, cake and company every Monday.",
    )
    add_service(
        "Money advice drop-in",
        needs=("debt_benefits_money",),
        postcode="G12 8AA",
        region=world.england,
        verified_on=old,
        description="Free debt advice and benefits checks.",
    )
    add_service(
        "Paisley walking group",
        needs=("loneliness_isolation", "long_term_condition_lifestyle"),
        postcode="PA1 1AA",
        amount=3,
        byday="WE",
        region=world.scotland,
    )
    return world


def test_search_filters_live_and_shows_distances(live_server, page: Page) -> None:
    small_directory()
    errors = log_in_watching_console(page, live_server.url, "linkworker")
    open_menu_item(page, "Directory")
    expect(page.get_by_role("heading", name="Service directory", level=1)).to_be_visible()
    results = page.get_by_test_id("results")
    expect(results.get_by_test_id("result")).to_have_count(3)

    page.get_by_label("Category").select_option("loneliness_isolation")
    expect(results.get_by_test_id("result")).to_have_count(2)
    expect(results).not_to_contain_text("Money advice drop-in")

    page.get_by_label("Near postcode").fill("G1 1AA")
    page.get_by_label("Within").select_option("3")
    expect(results.get_by_test_id("result")).to_have_count(1)
    expect(results).to_contain_text("Friendship café")
    expect(results.get_by_test_id("distance")).to_have_text("under 0.1 miles")

    page.get_by_label("Within").select_option("")
    expect(results.get_by_test_id("distance").nth(1)).to_have_text("6.8 miles")
    page.get_by_label("Search").fill("walking")
    expect(results.get_by_test_id("result")).to_have_count(1)
    expect(results).to_contain_text("Paisley walking group")
    assert "q=walking" in page.url  # the search can be shared or bookmarked
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_service_page_shows_what_a_referrer_needs(live_server, page: Page) -> None:
    small_directory()
    log_in(page, live_server.url, "gp")
    page.goto(f"{live_server.url}/directory/")
    page.get_by_role("link", name="Paisley walking group").click()
    expect(page.get_by_role("heading", name="Paisley walking group", level=1)).to_be_visible()
    facts = page.get_by_test_id("facts")
    expect(facts).to_contain_text("Loneliness or isolation; Long-term condition or lifestyle")
    expect(facts).to_contain_text("£3.00")
    expect(facts).to_contain_text("Every Wednesday, 10:00 to 12:00")
    expect(facts).to_contain_text("PA1 1AA")
    expect(page.get_by_test_id("capacity")).to_contain_text("Open")
    # A referrer reads the directory but does not maintain it.
    expect(page.get_by_text("Update whether the service is taking people")).to_have_count(0)


def test_manager_chases_a_stale_entry(live_server, page: Page) -> None:
    small_directory()
    errors = log_in_watching_console(page, live_server.url, "manager")
    open_menu_item(page, "Directory checks")
    stale = page.get_by_test_id("stale-list")
    expect(stale).to_contain_text("Money advice drop-in")
    expect(stale).not_to_contain_text("Paisley walking group")  # another region
    stale.get_by_role("link", name="Money advice drop-in").click()
    expect(page.get_by_test_id("stale")).to_be_visible()
    page.get_by_text("Update whether the service is taking people").click()
    page.get_by_label("Waiting list").check()
    page.get_by_label("Note (optional)").fill("About 4 weeks")
    page.get_by_role("button", name="Save capacity").click()
    expect(page.get_by_text("The service's capacity was saved.")).to_be_visible()
    expect(page.get_by_test_id("capacity")).to_contain_text("Waiting list About 4 weeks")
    expect(page.get_by_test_id("verified")).to_contain_text(re.compile(r"Checked on .* by Manager"))
    expect(page.get_by_test_id("stale")).to_have_count(0)
    open_menu_item(page, "Directory checks")
    expect(page.get_by_test_id("stale-count")).to_have_text("0 entries to check")
    assert not [e for e in errors if "Content Security Policy" in e], errors
