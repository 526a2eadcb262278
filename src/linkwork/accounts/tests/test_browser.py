"""Log in, see the role's home page, browse to a scheme, log out: in a real Chromium."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.testing.browser import log_in
from linkwork.testing.second_factor import code_for
from linkwork.testing.world import PASSWORD, build_small_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_link_worker_logs_in_browses_and_logs_out(live_server, page: Page) -> None:
    world = build_small_world()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, live_server.url, "linkworker")
    expect(page.get_by_role("heading", name="Link worker home", level=1)).to_be_visible()
    expect(page.get_by_test_id("account-name")).to_have_text("Linkworker Tester")
    # The NHS.UK frontend's script ran (it marks the body) under the strict CSP.
    expect(page.locator("body")).to_have_class("js-enabled nhsuk-frontend-supported")

    page.get_by_role("link", name="North PCN link workers").first.click()
    expect(page.get_by_role("heading", name="North PCN link workers", level=1)).to_be_visible()
    expect(page.get_by_test_id("derived-model")).to_contain_text("Model 1")
    expect(page.get_by_test_id("tidier")).to_contain_text("Up to 6 sessions per episode")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to linkwork")).to_be_visible()
    page.goto(f"{live_server.url}/schemes/{world.scheme.slug}/")
    expect(page.get_by_role("heading", name="Log in to linkwork")).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_wrong_password_shows_the_error_summary(live_server, page: Page) -> None:
    build_small_world()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("linkworker")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("correct username and password")


def test_manager_overrides_the_delivery_model(live_server, page: Page) -> None:
    world = build_small_world()
    log_in(page, live_server.url, "manager")
    page.goto(f"{live_server.url}/schemes/{world.scheme.slug}/")
    page.get_by_text("Override the delivery model").click()
    page.get_by_label("Delivery model").select_option("2")
    page.get_by_role("button", name="Save delivery model").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give the reason")
    page.get_by_label("Reason for the override").fill("Merged with South PCN's service.")
    page.get_by_role("button", name="Save delivery model").click()
    expect(page.get_by_test_id("override-model")).to_contain_text("Model 2")
    expect(page.get_by_test_id("effective-model")).to_contain_text("Overridden")


def test_organisation_search_updates_as_you_type(live_server, page: Page) -> None:
    build_small_world()
    log_in(page, live_server.url, "researcher")
    page.goto(f"{live_server.url}/organisations/")
    page.get_by_label("Name contains").fill("oak lane")
    expect(page.locator("#results")).to_contain_text("Oak Lane Medical Centre")
    expect(page.locator("#results")).not_to_contain_text("Mill Street Surgery")
    assert "q=oak%20lane" in page.url  # the URL can be shared or bookmarked


def test_first_sign_in_sets_up_an_authenticator_app(live_server, page: Page) -> None:
    build_small_world()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("linkworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_test_id("qr-code").locator("svg")).to_be_visible()
    # Typed into an app by hand, the key gives the codes the page asks for.
    secret = page.get_by_test_id("secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code from your authenticator app").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Finish setting up").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="Link worker home", level=1)).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_wrong_code_is_refused_on_the_page(live_server, page: Page) -> None:
    world = build_small_world()
    right = code_for(world.users[Role.LINK_WORKER])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("linkworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code", exact=True).fill(f"{(int(right) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The code is not right")
    page.goto(f"{live_server.url}/schemes/{world.scheme.slug}/")
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
