"""In the browser: a scheme manager opens the caseload from the header, filters it to the people
nobody has seen yet, downloads the filtered list as CSV, ticks two people, reviews them and
hands them over to a colleague with a note."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.episodes.services.encounters import encounter_record
from linkwork.testing.browser import log_in, open_menu_item
from linkwork.testing.world import build_small_world, refer_and_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_export_and_bulk_reassign(live_server, page: Page, tmp_path: Path) -> None:
    world = build_small_world()
    today = timezone.localdate()
    worker = world.users[Role.LINK_WORKER]
    colleague = world.extra["colleague"]
    people = {}
    for family in ("Ames", "Baker", "Cole"):
        people[family] = refer_and_start(
            world, person={"family_name": family}, received_on=today - timedelta(days=30)
        )
    encounter_record(
        referral=people["Cole"],
        actor=worker,
        occurred_on=today - timedelta(days=2),
        mode="telephone",
        duration_minutes=20,
    )

    log_in(page, live_server.url, "manager")
    open_menu_item(page, "Caseload")
    expect(page.get_by_role("heading", name="The scheme's caseload")).to_be_visible()
    expect(page.get_by_test_id("count-open")).to_have_text("3")
    expect(page.get_by_test_id("caseload-position")).to_have_text("Showing 1 to 3 of 3")

    # Filter: nobody seen yet.
    page.get_by_text("Filter and sort").click()
    page.get_by_label("Last contact").select_option("never")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("caseload-position")).to_have_text("Showing 1 to 2 of 2")
    table = page.get_by_test_id("caseload")
    expect(table).to_contain_text("Ada Ames")
    expect(table).to_contain_text("Ada Baker")
    expect(table).not_to_contain_text("Ada Cole")

    # Export the filtered list.
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    saved = tmp_path / "caseload.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text())))
    assert sorted(r[0] for r in rows[1:]) == ["Ada Ames", "Ada Baker"]

    # Tick both, review, hand over.
    page.get_by_label("Choose Ada Ames").check()
    page.get_by_label("Choose Ada Baker").check()
    page.get_by_role("button", name="Hand over").click()
    expect(
        page.get_by_role("heading", name="Hand over people to another link worker")
    ).to_be_visible()
    expect(page.get_by_test_id("chosen")).to_contain_text("2 people chosen")
    page.get_by_label("Hand over to").select_option(label=str(colleague))
    page.get_by_label("Handover note").fill("Away for a month from Monday")
    page.get_by_role("button", name="Hand over 2 people").click()

    expect(
        page.get_by_text(f"Handed over 2 people to {colleague.get_full_name()}.")
    ).to_be_visible()
    # Back on the filtered list, now showing the new link worker.
    expect(page.get_by_test_id("caseload-position")).to_have_text("Showing 1 to 2 of 2")
    expect(page.get_by_test_id("link-worker").first).to_have_text(colleague.get_full_name())
    assert set(
        Referral.objects.filter(link_worker=colleague).values_list("person__family_name", flat=True)
    ) == {"Ames", "Baker"}
    assert Referral.objects.get(pk=people["Cole"].pk).link_worker == worker
