"""Helpers for the browser tests."""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin

from playwright.sync_api import Locator, Page, expect

from linkwork.accounts.models import User
from linkwork.accounts.navigation import HUB_LABEL
from linkwork.accounts.second_factor import second_factor_required_for
from linkwork.testing.second_factor import code_for
from linkwork.testing.world import PASSWORD


def fill_date(page: Page | Locator, legend: str, day: date | str) -> None:
    """Type a date into an NHS.UK date input (the group named by its legend), on the page or
    within one form."""
    when = date.fromisoformat(day) if isinstance(day, str) else day
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(when.day))
    group.get_by_label("Month").fill(str(when.month))
    group.get_by_label("Year").fill(str(when.year))


def log_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the pages as a person would: the password, then (for every role that
    needs one) the code their authenticator app shows, already set up for them."""
    page.goto(f"{base_url}/accounts/login/")
    expect(page.get_by_role("heading", name="Log in to linkwork")).to_be_visible()
    user = User.objects.get(username=username)
    needs_code = second_factor_required_for(user=user)
    code = code_for(user) if needs_code else ""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if needs_code:
        expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
        page.get_by_label("Code", exact=True).fill(code)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Enter your sign-in code")).to_have_count(0)


def open_menu_item(page: Page, name: str) -> None:
    """Follow a header menu link by name. The NHS.UK header folds the last items under "More"
    when the screen is too narrow for them all; a folded item is followed by its address. A
    page the header leaves to the Scheme page for the role is followed from there."""
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", include_hidden=True).first).to_be_attached(timeout=30_000)
    links = menu.get_by_role("link", name=name, exact=True, include_hidden=True)
    if links.count() == 0:
        hub = menu.get_by_role("link", name=HUB_LABEL, exact=True, include_hidden=True)
        page.goto(urljoin(page.url, hub.first.get_attribute("href") or ""))
        page.get_by_test_id("hub-links").get_by_role("link", name=name, exact=True).click()
        return
    for index in range(links.count()):
        if links.nth(index).is_visible():
            links.nth(index).click()
            return
    page.goto(urljoin(page.url, links.first.get_attribute("href") or ""))
