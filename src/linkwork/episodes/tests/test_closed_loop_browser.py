"""In the browser: a link worker connects a person to a listed service, the VCSE replies from
its inbox, and the link worker sees the reply."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.directory.models import DirectoryOrganization, Service
from linkwork.testing.browser import log_in, open_menu_item
from linkwork.testing.world import build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vcse_reply_reaches_the_link_worker(live_server, page: Page) -> None:
    world = build_small_world()
    provider = DirectoryOrganization.objects.create(
        name="Testshire Community Links", registry_organisation=world.vcse
    )
    Service.objects.create(name="Friendship café", organization=provider, region=world.england)
    referral = refer_and_start(world)
    from linkwork.episodes.services.connections import connection_create

    connection_create(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        kind="referral",
        need="loneliness_isolation",
        service=Service.objects.get(name="Friendship café"),
        consent=True,
        shared=["name", "reason"],
    )

    log_in(page, live_server.url, "vcse")
    open_menu_item(page, "Inbox")
    card = page.get_by_test_id("connection")
    expect(card).to_contain_text("Ada Lovelace")
    expect(card).to_contain_text("Loneliness or isolation")
    card.get_by_label("Update for this person").select_option(label="Accepted")
    card.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Saved: Accepted.")
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server.url, "linkworker")
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    expect(page.get_by_test_id("connections")).to_contain_text("Accepted")
    expect(page.get_by_test_id("timeline")).to_contain_text("Friendship café: Accepted")
