"""In the browser: the link worker connects a person to a listed service, asking for consent
to share with its provider; the VCSE worker sees the person and accepts; the link worker sees
the reply; then the consent is withdrawn and the provider's inbox no longer shows the person."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from linkwork.directory.services import needs_taxonomy_ensure
from linkwork.testing.browser import log_in, open_menu_item
from linkwork.testing.listed import listed_service
from linkwork.testing.world import build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_consent_to_share_is_asked_honoured_and_withdrawn(live_server, page: Page) -> None:
    world = build_small_world()
    needs_taxonomy_ensure()  # a transactional test before this one may have flushed it
    listed_service(world)
    referral = refer_and_start(world, person={"phone": "07700 900111"})
    episode = f"{live_server.url}/referrals/{referral.pk}/"

    # The link worker connects, and is asked for consent to share with the named provider.
    log_in(page, live_server.url, "linkworker")
    page.goto(episode)
    suggestion = page.get_by_test_id("suggestion").filter(has_text="Friendship café")
    expect(suggestion).to_contain_text("Testshire Community Links")
    suggestion.get_by_text("Connect to Friendship café").click()
    suggestion.get_by_role("button", name="Connect").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Ask whether the person agrees to share their details with Testshire Community Links"
    )
    suggestion = page.get_by_test_id("suggestion").filter(has_text="Friendship café")
    expect(
        suggestion.get_by_text(
            "Does the person agree to share their details with Testshire Community Links?"
        )
    ).to_be_visible()
    suggestion.get_by_label("Yes, they agree").check()
    suggestion.get_by_label("Reason for the connection").uncheck()
    suggestion.get_by_role("button", name="Connect").click()
    expect(page.get_by_test_id("connections")).to_contain_text("Friendship café")
    expect(page.get_by_test_id("connections")).to_contain_text("Requested")
    # Connected once is enough: it is no longer suggested.
    expect(page.get_by_test_id("suggestion").filter(has_text="Friendship café")).to_have_count(0)
    log_out(page)

    # The provider sees the person, with what they agreed to share, and accepts.
    log_in(page, live_server.url, "vcse")
    open_menu_item(page, "Inbox")
    card = page.get_by_test_id("connection")
    expect(card).to_contain_text("Ada Lovelace")
    expect(card).to_contain_text("07700 900111")
    expect(card).not_to_contain_text("Loneliness or isolation")
    card.get_by_label("Update for this person").select_option(label="Accepted")
    card.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Saved: Accepted.")
    log_out(page)

    # The link worker sees the reply, then the person withdraws their consent.
    log_in(page, live_server.url, "linkworker")
    page.goto(episode)
    expect(page.get_by_test_id("connections")).to_contain_text("Accepted")
    expect(page.get_by_test_id("timeline")).to_contain_text("Friendship café: Accepted")
    page.goto(f"{live_server.url}/people/{referral.person_id}/")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator("#consent ~ ul")).to_contain_text("withdrawn on")
    log_out(page)

    # The provider's inbox no longer shows the person, and offers nothing to do.
    log_in(page, live_server.url, "vcse")
    open_menu_item(page, "Inbox")
    card = page.get_by_test_id("connection")
    expect(card).to_contain_text("Consent to share withdrawn")
    expect(card).not_to_contain_text("Ada Lovelace")
    expect(card).not_to_contain_text("07700 900111")
    expect(card.get_by_role("button", name="Save")).to_have_count(0)
