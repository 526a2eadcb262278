"""Helpers for the browser tests."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Locator, Page


def fill_date(page: Page | Locator, legend: str, day: date | str) -> None:
    """Type a date into an NHS.UK date input (the group named by its legend), on the page or
    within one form."""
    when = date.fromisoformat(day) if isinstance(day, str) else day
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(when.day))
    group.get_by_label("Month").fill(str(when.month))
    group.get_by_label("Year").fill(str(when.year))


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
