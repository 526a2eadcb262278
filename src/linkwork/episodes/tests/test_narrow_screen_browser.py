"""On a narrow phone a wide table scrolls within itself: the page never scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize

from linkwork.accounts.roles import Role
from linkwork.episodes.services.connections import connection_create
from linkwork.testing.browser import log_in
from linkwork.testing.world import PASSWORD, build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 320, "height": 640}
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_wide_tables_scroll_within_themselves_on_a_narrow_phone(live_server, page: Page) -> None:
    world = build_small_world()
    referral = refer_and_start(world)
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "manager", PASSWORD)
    page.goto(f"{live_server.url}/regions/")
    # The regions table is wider than the phone: it scrolls inside its own box.
    table = page.get_by_test_id("registry-summary")
    assert table.evaluate("t => t.scrollWidth") > PHONE["width"]
    assert page.evaluate(SIDEWAYS) <= 0
    for path in ("/", "/organisations/", f"/referrals/{referral.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(SIDEWAYS) <= 0, path


def test_an_episode_s_connections_stack_on_a_phone_so_their_update_form_is_in_view(
    live_server, page: Page
) -> None:
    world = build_small_world()
    referral = refer_and_start(world)
    connection_create(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        kind="referral",
        target="unlisted_service",
        service_name="Mill Walkers",
        need="loneliness_isolation",
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "linkworker", PASSWORD)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    table = page.get_by_test_id("connections")
    # Stacked, one field a line: nothing to scroll to within the table's box either.
    assert table.evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth") <= 0
    save = table.get_by_role("button", name="Save")
    box = save.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    table.get_by_label("New status").select_option(label="Attending")
    save.click()
    assert "Attending" in page.get_by_test_id("connections").inner_text()
