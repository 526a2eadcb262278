"""In the browser: a PHQ-9 whose item 9 is above 0 is recorded; the episode page prompts the
link worker to record a safeguarding concern, prefilled as self-harm; the link worker records
it, linked to the alert; the scheme manager sees it among the open concerns."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.episodes.services.encounters import encounter_record
from linkwork.organisations.services import scheme_policy_set
from linkwork.outcomes.models import RiskAlert
from linkwork.safeguarding.models import Concern
from linkwork.testing.browser import fill_date, log_in
from linkwork.testing.world import build_small_world, default_policy, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_phq9_self_harm_answer_prompts_a_concern_the_manager_then_sees(
    live_server, page: Page
) -> None:
    world = build_small_world()
    scheme_policy_set(scheme=world.scheme, policy=default_policy(outcome_tools=("phq9",)))
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
    episode = f"{live_server.url}/referrals/{referral.pk}/"

    # The link worker records a PHQ-9 with item 9 above 0.
    log_in(page, live_server.url, "linkworker")
    page.goto(
        f"{live_server.url}/outcomes/referrals/{referral.pk}/record/"
        "?instrument=phq9&timepoint=baseline"
    )
    page.get_by_label("With the link worker").check()
    for number in range(1, 9):
        page.locator(f"#id_item_q{number}_1").check()
    page.locator("#id_item_q9_2").check()
    page.get_by_role("button", name="Save questionnaire").click()
    expect(page.get_by_test_id("risk-alerts")).to_contain_text("thoughts of self-harm")

    # The episode prompts a concern; nothing has been created yet.
    page.goto(episode)
    prompt = page.get_by_test_id("safeguarding-prompt")
    expect(prompt).to_contain_text("thoughts of self-harm")
    assert not Concern.objects.exists()
    prompt.get_by_role("link", name="Record a safeguarding concern").click()
    expect(page.get_by_test_id("prompted-by")).to_contain_text("PHQ-9")
    expect(page.get_by_label("Self-harm or suicide risk")).to_be_checked()
    page.get_by_label("What was observed").fill("Said they think of ending it most days.")
    page.get_by_label("Actions taken").fill("Safety plan agreed; crisis line given.")
    page.get_by_label("Safeguarding lead informed").fill("Sam Lead")
    fill_date(page, "Date the lead was informed", today)
    fill_date(page, "Review date", today + timedelta(days=7))
    page.get_by_role("button", name="Record the concern").click()
    expect(page.get_by_role("status")).to_contain_text("Safeguarding concern recorded.")
    expect(page.get_by_test_id("safeguarding-concerns")).to_contain_text(
        "Self-harm or suicide risk"
    )
    expect(page.get_by_test_id("safeguarding-prompts")).to_have_count(0)
    expect(page.get_by_test_id("timeline")).to_contain_text("Safeguarding concern recorded")
    assert Concern.objects.get().risk_alert == RiskAlert.objects.get()
    page.get_by_role("button", name="Log out").click()

    # The scheme manager sees it among the open concerns, and on their home page.
    log_in(page, live_server.url, "manager")
    expect(page.get_by_test_id("open-concerns-count")).to_contain_text(
        "1 open safeguarding concern"
    )
    page.get_by_role("link", name="Safeguarding").first.click()
    row = page.get_by_test_id("open-concern")
    expect(row).to_contain_text("Ada Keyboard")
    expect(row).to_contain_text("Self-harm or suicide risk")
    row.get_by_role("link", name="Ada Keyboard").click()
    expect(page.get_by_test_id("concern-alert")).to_contain_text("PHQ-9")
    expect(page.get_by_test_id("concern-history")).to_contain_text("Raised")
