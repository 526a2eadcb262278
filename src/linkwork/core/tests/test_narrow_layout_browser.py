"""The shared layout on a phone: a date's day, month and year boxes stay side by side at their
own widths, and a table fills its box exactly, never poking out of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize

from linkwork.access.services import break_glass_open
from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.implementation.services import activity_log
from linkwork.testing.browser import log_in
from linkwork.testing.world import PASSWORD, build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 375, "height": 800}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# For each table: how far it starts before its box, how far its box reaches past the box
# around it, and how far it scrolls within its box.
REACH = """() => Object.fromEntries([...document.querySelectorAll('.lw-table-scroll')].map(box => {
    const table = box.querySelector('table');
    const edge = table.getBoundingClientRect(), inner = box.getBoundingClientRect();
    const outer = box.parentElement.getBoundingClientRect();
    return [table.dataset.testid || table.querySelector('th').textContent,
            [inner.left - edge.left, inner.right - outer.right, box.scrollWidth - box.clientWidth]];
}))"""


def test_date_boxes_sit_side_by_side_on_a_phone(live_server, page: Page) -> None:
    world = build_small_world()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/self-referral/{world.scheme.slug}/")
    born = page.get_by_role("group", name="Date of birth")
    boxes = []
    for part in ("Day", "Month", "Year"):
        box = born.get_by_label(part).bounding_box()
        assert box is not None
        boxes.append(box)
    day, month, year = boxes
    assert day["y"] == month["y"] == year["y"]  # one row
    assert day["x"] < month["x"] < year["x"]
    assert day["width"] < 80
    assert month["width"] < 80
    assert year["width"] < 120


def test_tables_fill_their_box_and_no_more(live_server, page: Page) -> None:
    world = build_small_world()
    refer_and_start(world)
    admin = world.users[Role.SYSTEM_ADMIN]
    # A reference with nowhere to break: it wraps in its cell, not past the box.
    break_glass_open(actor=admin, scheme=world.scheme, reason="PC" + "0" * 80, hours=1)
    log_in(page, live_server.url, "manager", PASSWORD)
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/")
        reach = page.evaluate(REACH)
        assert {"waiting", "Who"} <= set(reach), reach
        for name, (before, past, scroll) in reach.items():
            assert before <= 0, (size, name, reach)
            assert past <= 0, (size, name, reach)
            # Only a table wider than the phone scrolls: these fit, to the pixel.
            if name == "waiting" or size == DESKTOP:
                assert scroll == 0, (size, name, reach)


def test_hidden_words_in_a_table_do_not_widen_the_page(live_server, page: Page) -> None:
    """A "Remove" button's hidden words (for screen readers) are positioned out of the flow; the
    table's box must clip them too, or a phone scrolls the whole page sideways."""
    world = build_small_world()
    link_worker = world.users[Role.LINK_WORKER]
    for kind in ("community_visit", "team_meeting"):
        activity_log(
            actor=link_worker,
            practice=world.practice,
            occurred_on=clock.today(),
            kind=kind,
            minutes=30,
        )
    log_in(page, live_server.url, link_worker.username, PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/implementation/activity/")
    assert page.get_by_role("button", name="Remove").count() == 2
    sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert sideways == 0
