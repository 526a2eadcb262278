"""On a phone, every task's "Done" button is on the screen: the list stacks rather than
running past the right edge; and the header's task counts fit and lead to the list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.tasks.models import Task
from linkwork.tasks.services import task_create
from linkwork.testing.browser import log_in
from linkwork.testing.world import PASSWORD, build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_the_done_buttons_fit_a_phone(live_server, page: Page) -> None:
    world = build_small_world()
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    long = "Telephone Featherstonehaugh-Montgomery about the reassessment"
    for title, assignee in ((long, worker), ("Write to the housing officer", worker), (long, None)):
        task_create(
            scheme=world.scheme,
            actor=worker,
            assignee=assignee,
            referral=referral,
            title=title,
            due_on=clock.today(),
        )
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "linkworker", PASSWORD)
    page.goto(f"{live_server.url}/tasks/")
    buttons = page.get_by_test_id("my-tasks").get_by_role("button", name="Done")
    # The two above, and the first-contact task the assignment raised.
    expect(buttons).to_have_count(3)
    for n in range(3):
        box = buttons.nth(n).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    for name in ("Done", "Take it"):
        button = page.get_by_test_id("unclaimed-tasks").get_by_role("button", name=name)
        box = button.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Each row's labels keep their words whole beside a long title: "Task" on one line, not
    # broken a letter or two at a time (a label's text makes one line box).
    labels = page.get_by_test_id("my-tasks").locator(".nhsuk-table-responsive__heading")
    lines = labels.evaluate_all(
        "els => els.map(el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return r.getClientRects().length; })"
    )
    assert lines
    assert set(lines) == {1}


def test_the_header_counts_fit_a_phone_and_lead_to_my_tasks(live_server, page: Page) -> None:
    world = build_small_world()
    worker, manager = world.users[Role.LINK_WORKER], world.users[Role.SCHEME_MANAGER]
    late = task_create(
        scheme=world.scheme,
        actor=manager,
        assignee=worker,
        title="Ring the food bank back",
        due_on=clock.today(),
    )
    Task.objects.filter(pk=late.pk).update(due_on=clock.today() - timedelta(days=2))
    task_create(
        scheme=world.scheme,
        actor=manager,
        assignee=worker,
        title="Send the wellbeing form",
        due_on=clock.today(),
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "linkworker", PASSWORD)
    count = page.get_by_test_id("tasks-count")
    expect(count).to_contain_text("2")
    expect(page.get_by_test_id("tasks-overdue")).to_have_text("1 overdue")
    box = count.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    count.click()
    expect(page).to_have_url(f"{live_server.url}/tasks/")
    expect(page.get_by_test_id("my-tasks")).to_contain_text("Ring the food bank back")
