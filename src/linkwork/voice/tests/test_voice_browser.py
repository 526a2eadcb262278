"""In the browser: a discharged person opens the feedback link from their email, without
signing in, and answers; the link then refuses a second use; the scheme manager sees the
results suppressed (too few answers) and the comment."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from linkwork.testing.browser import log_in
from linkwork.testing.world import build_small_world
from linkwork.voice.models import FeedbackResponse
from linkwork.voice.tests.helpers import answered, discharged, link_sent_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_feedback_answered_through_its_link_and_shown_suppressed(
    live_server, page: Page, settings
) -> None:
    settings.LINKWORK_PUBLIC_URL = live_server.url
    world = build_small_world()
    referral = discharged(world)
    link = link_sent_to(referral)
    assert urlparse(link).netloc == urlparse(live_server.url).netloc

    # The person, not signed in, answers through the link from their email.
    page.goto(link)
    expect(page.get_by_role("heading", name="How was your support?")).to_be_visible()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Choose how much you agree").first).to_be_visible()
    for statement in (
        "My link worker listened to me.",
        "We agreed together what mattered to me.",
        "I was helped to connect",
        "I feel better able",
        "I would recommend the service",
    ):
        page.get_by_role("group", name=statement).get_by_label("Strongly agree").check()
    page.get_by_label("Anything else you would like to tell us?").fill("The café group helped.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_test_id("feedback-thanks")).to_be_visible()
    assert FeedbackResponse.objects.count() == 1

    # The link works once.
    page.goto(link)
    expect(page.get_by_test_id("unusable")).to_contain_text("cannot be used")

    # The scheme manager finds the results from their home page: one answer is too few.
    log_in(page, live_server.url, "manager")
    page.get_by_role("link", name="Feedback from people supported").click()
    row = page.get_by_test_id("feedback-row").filter(has_text=world.scheme.name)
    expect(row.get_by_test_id("suppressed")).to_have_text("Too few answers to show")
    expect(row).not_to_contain_text("%")
    expect(page.get_by_test_id("feedback-comments")).to_contain_text("The café group helped.")

    # Eleven more, everyone agreeing: the count shows, but 100% would tell each person's
    # answer, so no percentage does.
    answered(world, world.scheme, 11)
    page.reload()
    row = page.get_by_test_id("feedback-row").filter(has_text=world.scheme.name)
    expect(row.get_by_role("cell").first).to_have_text("12")
    expect(row.get_by_test_id("withheld")).to_have_count(5)
    expect(row).not_to_contain_text("%")
