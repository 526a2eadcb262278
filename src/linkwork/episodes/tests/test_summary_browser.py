"""In the browser: a link worker discharges someone, reads the written summary, downloads it
as a PDF and marks it sent to the practice."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.episodes.models import EpisodeSummary
from linkwork.episodes.services.encounters import encounter_record
from linkwork.testing.browser import log_in
from linkwork.testing.world import build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_discharge_summary_pdf_and_mark_sent(live_server, page: Page) -> None:
    world = build_small_world()
    referral = refer_and_start(world)
    encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=referral.received_on,
        mode="face_to_face",
        duration_minutes=40,
    )
    log_in(page, live_server.url, "linkworker")

    page.goto(f"{live_server.url}/referrals/{referral.pk}/discharge/")
    page.get_by_label("Reason for discharge").select_option("goals_met")
    page.get_by_role("button", name="Discharge and write the summary").click()
    expect(
        page.get_by_role("heading", name="Social prescribing summary: Ada Lovelace")
    ).to_be_visible()
    expect(page.get_by_test_id("summary-version")).to_contain_text("Version 1")
    expect(page.get_by_test_id("summary")).to_contain_text("1 session")
    expect(page.get_by_test_id("summary-sent")).to_contain_text("Not yet marked as sent")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download version 1 as a PDF").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("button", name="Mark as sent to the practice").click()
    expect(page.get_by_test_id("summary-sent")).to_contain_text("Sent to the practice on")
    expect(page.get_by_test_id("summary-sent")).to_contain_text("Linkworker")
    expect(page.get_by_role("button", name="Mark as sent to the practice")).to_have_count(0)
    summary = EpisodeSummary.objects.get(referral=referral)
    assert summary.sent_by == world.users[Role.LINK_WORKER]
