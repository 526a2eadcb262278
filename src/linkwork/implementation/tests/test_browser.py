"""Implementation monitoring in a real Chromium: logging activity, recording an event and
continuity, opening a NoMAD round, and answering a survey link without logging in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.implementation.models import Activity, Coverage, NomadResponse
from linkwork.implementation.nomad import CONSTRUCT_ITEMS
from linkwork.implementation.nomad_services import nomad_round_open
from linkwork.implementation.tests.helpers import make_cast
from linkwork.testing.browser import fill_date, log_in, open_menu_item
from linkwork.testing.world import build_small_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def test_a_link_worker_logs_activity_in_a_few_clicks(live_server, page: Page) -> None:
    world = build_small_world()
    errors = watch_csp(page)
    log_in(page, live_server.url, "linkworker")
    open_menu_item(page, "Activity log")
    expect(page.get_by_role("heading", name="Activity log", level=1)).to_be_visible()
    page.get_by_label("Practice", exact=True).select_option(label=world.practice.name)
    page.get_by_label("Building the practice's knowledge of community resources").check()
    page.get_by_label("1 h", exact=True).check()
    page.get_by_role("button", name="Log activity").click()
    log = page.get_by_test_id("week-log")
    expect(log).to_contain_text("Building the practice's knowledge of community resources")
    expect(page.get_by_test_id("week-totals")).to_contain_text("60 minutes")
    # A second entry, community level, with a typed time.
    page.get_by_label("Steering group").check()
    page.get_by_label("Or another time, in minutes").fill("50")
    page.get_by_role("button", name="Log activity").click()
    expect(log).to_contain_text("Steering group")
    assert sorted(Activity.objects.values_list("minutes", flat=True)) == [50, 60]
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_refused_activity_entry_says_why_in_the_page(live_server, page: Page) -> None:
    world = build_small_world()
    log_in(page, live_server.url, "linkworker")
    open_menu_item(page, "Activity log")
    page.get_by_label("Practice", exact=True).select_option(label=world.practice.name)
    page.get_by_label("Building the practice's knowledge of community resources").check()
    page.get_by_role("button", name="Log activity").click()  # no time given
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("There is a problem")
    assert not Activity.objects.exists()


def test_a_practice_manager_records_an_event(live_server, page: Page) -> None:
    world = build_small_world()
    errors = watch_csp(page)
    log_in(page, live_server.url, "practicemanager")
    open_menu_item(page, "Implementation")
    page.get_by_role("link", name=world.practice.name).click()
    expect(page.get_by_test_id("classification")).to_contain_text("Not yet assessable")
    page.get_by_role("link", name="Practice events").click()
    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    fill_date(page, "Date of the event", day)
    page.get_by_label("Type of event").select_option(label="Shared learning session")
    page.get_by_label("Title").fill("Protected learning time")
    page.get_by_label("GPs").fill("4")
    page.get_by_label("Nurses").fill("2")
    page.get_by_label("Reception and admin").fill("5")
    page.get_by_label("Managers").fill("1")
    page.get_by_role("button", name="Record event").click()
    expect(page.get_by_test_id("events")).to_contain_text("Protected learning time")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_scheme_manager_records_continuity(live_server, page: Page) -> None:
    world = build_small_world()
    cast = make_cast(world)
    log_in(page, live_server.url, "manager")
    page.goto(f"{live_server.url}/implementation/practices/{world.practice.pk}/continuity/")

    page.get_by_text("Add coverage").click()
    coverage = page.locator("form", has=page.get_by_role("button", name="Save coverage"))
    coverage.get_by_label("Link worker").select_option(label=str(cast.lw))
    fill_date(coverage, "From", "2025-01-01")
    coverage.get_by_role("button", name="Save coverage").click()
    expect(page.get_by_test_id("coverage")).to_contain_text("Still covering")

    page.get_by_text("Record an absence or vacancy").click()
    absence = page.locator("form", has=page.get_by_role("button", name="Save absence"))
    absence.get_by_label("Kind of absence").select_option(label="Sick leave")
    absence.get_by_label("Link worker away").select_option(label=str(cast.lw))
    fill_date(absence, "From", "2026-06-15")
    absence.get_by_label("Partial cover (urgent referrals or patients only)").check()
    absence.get_by_label("Covered by").select_option(label=str(cast.lw2))
    absence.get_by_label("Cover arrangements").fill("One day a week")
    absence.get_by_role("button", name="Save absence").click()
    expect(page.get_by_test_id("absences")).to_contain_text("Sick leave")

    page.get_by_text("Record a handover").click()
    handover = page.locator("form", has=page.get_by_role("button", name="Save handover"))
    handover.get_by_label("Outgoing link worker", exact=True).select_option(label=str(cast.lw))
    fill_date(handover, "Outgoing link worker's last day", "2026-08-14")
    handover.get_by_label("Incoming link worker", exact=True).select_option(label=str(cast.lw2))
    fill_date(handover, "Incoming link worker's first day", "2026-08-03")
    handover.get_by_role("button", name="Save handover").click()
    expect(page.get_by_test_id("handovers")).to_contain_text("12")
    assert Coverage.objects.count() == 2


def test_a_manager_opens_a_round_in_the_browser(live_server, page: Page) -> None:
    world = build_small_world()
    log_in(page, live_server.url, "practicemanager")
    page.goto(f"{live_server.url}/implementation/practices/{world.practice.pk}/nomad/")
    page.get_by_label("Number of personal links").fill("3")
    page.get_by_role("button", name="Open round and create links").click()
    expect(page.get_by_test_id("new-links").locator("li")).to_have_count(3)
    expect(page.get_by_test_id("no-results")).to_contain_text("at least 5 responses")


def test_staff_answer_a_survey_link_without_logging_in(live_server, page: Page) -> None:
    world = build_small_world()
    manager = world.users[Role.PRACTICE_MANAGER]
    _, (token,) = nomad_round_open(
        actor=manager,
        practice=world.practice,
        closes_on=timezone.localdate() + timedelta(days=14),
        links=1,
    )
    errors = watch_csp(page)
    page.goto(f"{live_server.url}/nomad/{token}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("the link worker programme")
    page.locator("#id_staff_group").get_by_label("Nurses").check()
    page.locator("#id_g1").get_by_label("7", exact=True).check()
    for item in CONSTRUCT_ITEMS:
        answer = "Not relevant at this stage" if item.code == "rm1" else "Agree"
        page.locator(f"#id_{item.code}").get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_test_id("thanks")).to_contain_text("Your answers have been sent")
    response = NomadResponse.objects.get()
    assert (response.staff_group, response.answers["rm1"], response.answers["g1"]) == (
        "nurses",
        "nr_stage",
        7,
    )
    page.goto(f"{live_server.url}/nomad/{token}/")
    expect(page.get_by_test_id("unusable")).to_contain_text("cannot be used")
    assert not [e for e in errors if "Content Security Policy" in e], errors
