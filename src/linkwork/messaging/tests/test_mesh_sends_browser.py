"""In the browser: a summary that MESH refused is flagged on the scheme manager's home page;
the manager opens the list, reads why, and once the practice's mailbox is put right sends it
again, after which nothing is left to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from linkwork.messaging.tests.test_mesh_sandbox import discharged
from linkwork.testing.browser import log_in
from linkwork.testing.world import SmallWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_sees_a_refused_summary_and_sends_it_again(
    live_server, page: Page, world: SmallWorld, mesh, settings
) -> None:
    settings.LINKWORK_MESH_MAILBOXES = {"A81001": "NOSUCHBOX"}
    discharged(world)

    log_in(page, live_server.url, "manager")
    warning = page.get_by_test_id("mesh-attention")
    expect(warning).to_contain_text("2 documents of end-of-episode summaries have failed")
    warning.get_by_role("link", name="See them and send again").click()
    expect(page.get_by_role("heading", name="Summaries to practices by MESH")).to_be_visible()
    rows = page.get_by_test_id("mesh-send")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("MESH refused it: Unregistered to address")
    expect(rows.first).to_contain_text("Mill Street Surgery (NOSUCHBOX)")

    settings.LINKWORK_MESH_MAILBOXES = {"A81001": "X26ABC2"}
    for _ in range(2):
        page.get_by_test_id("mesh-send").first.get_by_role("button", name="Send again").click()
        expect(page.locator(".nhsuk-body, body")).to_contain_text("sent, not yet acknowledged")
    expect(page.get_by_test_id("mesh-all-well")).to_be_visible()
