"""In the browser: the VCSE declines a connection from its inbox; the link worker sees a new
notification in the header, follows it to the task on the episode, and marks it done."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.episodes.services.connections import connection_create
from linkwork.episodes.services.intake import referral_accept
from linkwork.episodes.services.lifecycle import referral_assign
from linkwork.tasks.models import Task
from linkwork.testing.browser import log_in, open_menu_item
from linkwork.testing.listed import listed_service
from linkwork.testing.world import build_small_world, refer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_vcse_reply_raises_a_task_the_link_worker_completes(live_server, page: Page) -> None:
    world = build_small_world()
    service = listed_service(world)
    referral = refer(world)
    manager, worker = world.users[Role.SCHEME_MANAGER], world.users[Role.LINK_WORKER]
    # The manager assigns the referral: the link worker is told of their first-contact task.
    referral_accept(referral=referral, actor=manager)
    referral_assign(referral=referral, link_worker=worker, actor=manager)
    connection_create(
        referral=referral,
        actor=worker,
        kind="referral",
        need="loneliness_isolation",
        service=service,
        consent=True,
        shared=["name", "reason"],
    )

    log_in(page, live_server.url, "vcse")
    open_menu_item(page, "Inbox")
    card = page.get_by_test_id("connection")
    card.get_by_label("Update for this person").select_option(value="rejected")
    card.locator("input[name=reason]").fill("No places until spring")
    card.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Saved")
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server.url, "linkworker")
    expect(page.get_by_test_id("notifications-count")).to_contain_text("2")
    page.get_by_test_id("notifications-link").click()
    unseen = page.get_by_test_id("unseen-notifications")
    expect(unseen).to_contain_text("Friendship café declined: find another service")
    expect(unseen).to_contain_text("New referral: make first contact")
    page.get_by_role("button", name="Mark all as seen").click()
    expect(page.get_by_test_id("nothing-new")).to_be_visible()
    expect(page.get_by_test_id("notifications-count")).to_have_count(0)

    page.get_by_test_id("seen-notifications").get_by_test_id("notification").filter(
        has_text="declined"
    ).get_by_role("link", name="Ada Lovelace").click()
    panel = page.get_by_test_id("episode-tasks")
    declined = panel.get_by_test_id("task").filter(has_text="declined")
    expect(declined).to_be_visible()
    declined.get_by_role("button", name="Done").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Done: Friendship café declined")
    expect(page.get_by_test_id("episode-tasks")).not_to_contain_text("declined")
    task = Task.objects.get(kind="vcse_declined")
    assert task.status == "done"
    assert task.completed_by == worker

    open_menu_item(page, "My tasks")
    expect(page.get_by_test_id("my-tasks")).to_contain_text("New referral: make first contact")
    expect(page.get_by_test_id("my-tasks")).not_to_contain_text("declined")
