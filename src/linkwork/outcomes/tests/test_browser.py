"""Questionnaire entry in a real Chromium: keyboard-only, on a tablet, and the chart."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.episodes.services.encounters import encounter_record
from linkwork.organisations.services import scheme_policy_set
from linkwork.outcomes.models import Administration, RiskAlert
from linkwork.testing.browser import log_in, open_menu_item
from linkwork.testing.world import build_small_world, default_policy, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def an_episode_with_a_session():
    world = build_small_world()
    scheme_policy_set(scheme=world.scheme, policy=default_policy(outcome_tools=("swemwbs", "phq9")))
    today = timezone.localdate()
    referral = refer_and_start(
        world, person={"family_name": "Keyboard"}, received_on=today - timedelta(days=30)
    )
    encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=today - timedelta(days=23),
        mode="face_to_face",
        duration_minutes=40,
    )
    return referral


def watch_csp(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def test_keyboard_entry_from_the_due_list_to_the_chart(live_server, page: Page) -> None:
    referral = an_episode_with_a_session()
    errors = watch_csp(page)
    log_in(page, live_server.url, "linkworker")
    open_menu_item(page, "Questionnaires due")
    due = page.get_by_test_id("due-questionnaires")
    expect(due).to_contain_text("Ada Keyboard")
    expect(due).to_contain_text("(SWEMWBS): baseline")
    expect(due.get_by_text("Overdue").first).to_be_visible()
    due.get_by_role(
        "link", name=re.compile(r"Record .*SWEMWBS.* baseline for Ada Keyboard")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("(SWEMWBS)")

    # Keyboard only: focus the first answer, then one key per question.
    page.locator("#id_item_optimistic_0").focus()
    page.keyboard.type("3434343")
    expect(page.locator("#id_item_optimistic_2")).to_be_checked()
    expect(page.locator("#id_item_useful_3")).to_be_checked()
    expect(page.locator("#id_item_own_mind_2")).to_be_checked()
    expect(page.get_by_role("button", name="Save questionnaire")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("baseline recorded: Metric score 21.54")
    chart = page.get_by_test_id("instrument-swemwbs")
    expect(chart.locator("svg[role=img]")).to_be_visible()
    expect(chart.locator("svg title").first).to_have_text(re.compile("over time"))
    expect(page.get_by_test_id("table-swemwbs")).to_contain_text("21.54")
    assert Administration.objects.get(referral=referral).primary_score == 21.54
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_native_radio_keys_work_too(live_server, page: Page) -> None:
    referral = an_episode_with_a_session()
    log_in(page, live_server.url, "linkworker")
    page.goto(
        f"{live_server.url}/outcomes/referrals/{referral.pk}/record/"
        "?instrument=swemwbs&timepoint=baseline"
    )
    # Tab into the first group, arrow to a value, Tab on: no script needed.
    page.locator("#id_item_optimistic_0").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_item_optimistic_1")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#id_item_useful_0")).to_be_focused()
    # Leave the rest blank: the error summary names what is missing.
    page.get_by_role("button", name="Save questionnaire").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("6 items are unanswered")
    expect(page.locator("#id_item_optimistic_1")).to_be_checked()  # answers are kept
    assert not Administration.objects.exists()


def test_tablet_entry_raises_and_acknowledges_a_risk_alert(live_server, page: Page) -> None:
    referral = an_episode_with_a_session()
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, live_server.url, "linkworker")
    page.goto(
        f"{live_server.url}/outcomes/referrals/{referral.pk}/record/"
        "?instrument=phq9&timepoint=baseline"
    )
    page.get_by_label("With the link worker").check()
    for number in range(1, 9):
        page.locator(f"#id_item_q{number}_1").check()  # tap "1" on each of items 1-8
    page.locator("#id_item_q9_1").check()
    page.get_by_role("button", name="Save questionnaire").click()
    alerts = page.get_by_test_id("risk-alerts")
    expect(alerts).to_contain_text("thoughts of self-harm")
    page.get_by_label("What you did (optional)").fill("Phoned; safety plan agreed with GP.")
    page.get_by_role("button", name=re.compile("Acknowledge")).click()
    expect(page.get_by_role("status")).to_contain_text("acknowledged")
    expect(page.get_by_test_id("risk-alerts")).to_have_count(0)
    alert = RiskAlert.objects.get()
    assert alert.action_note == "Phoned; safety plan agreed with GP."
