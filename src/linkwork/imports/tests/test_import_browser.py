"""In the browser: a scheme manager uploads a shipped example export, sees it mapped and
dry-run, imports the valid rows in the background and finds the people in the scheme."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import Page, ViewportSize, expect

from linkwork.imports.jobs import check_job
from linkwork.imports.models import ImportRun
from linkwork.testing.browser import log_in
from linkwork.testing.world import build_small_world

from .conftest import EXAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def var_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(VAR_DIR=tmp_path):
        yield tmp_path


def test_a_manager_imports_an_example_and_sees_the_people(live_server, page: Page) -> None:
    world = build_small_world()
    policy = world.scheme.policy
    policy.outcome_tools = ["ons4", "swemwbs"]
    policy.save(update_fields=["outcome_tools"])

    log_in(page, live_server.url, "manager")
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Files to import").set_input_files(
        str(EXAMPLES / "case-management-example.csv")
    )
    page.get_by_label("Mapping profile").select_option("case-management")
    page.get_by_label("Import the valid rows only").check()
    page.get_by_role("button", name="Upload and check").click()

    expect(page.locator("#preview")).to_contain_text("Person")
    expect(page.locator("#preview")).to_contain_text("C001")
    expect(page.locator("#dry-run")).to_contain_text("NHS number not valid")
    page.get_by_role("button", name="Import the valid rows").click()
    expect(page.locator("#import-status")).to_contain_text("Imported")
    expect(page.locator("#created")).not_to_have_text("0")

    page.goto(f"{live_server.url}/people/")
    page.get_by_label("Name, NHS number or CHI number").fill("Imported C00")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_contain_text("Imported C002")
    expect(page.locator("#results")).to_contain_text(world.scheme.name)


def test_a_bad_profile_upload_names_the_place_and_what_to_do(
    live_server, page: Page, tmp_path: Path
) -> None:
    build_small_world()
    profile = tmp_path / "mine.yaml"
    profile.write_text(
        "profile: mine\n"
        "title: Mine\n"
        "format:\n"
        "  kind: tsv\n"
        '  date_formats: ["%d/%m/%Y"]\n'
        "records:\n"
        "  - kind: person\n"
        "    fields:\n"
        "      person_ref: {column: Client ID}\n"
    )
    log_in(page, live_server.url, "manager")
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Files to import").set_input_files(
        str(EXAMPLES / "case-management-example.csv")
    )
    page.get_by_label("Or upload your own profile (JSON or YAML)").set_input_files(str(profile))
    page.get_by_role("button", name="Upload and check").click()
    body = page.locator("body")
    expect(body).to_contain_text('the key "provenance" is missing; add it.')
    expect(body).to_contain_text(
        'format.kind (line 4): "tsv" is not allowed; use one of csv, xlsx.'
    )
    expect(body).not_to_contain_text("is a required property")
    page.screenshot(path=tmp_path / "bad_profile.png", full_page=True)


PHONE: ViewportSize = {"width": 390, "height": 844}


def test_the_preview_fits_a_phone_with_its_values_under_their_heading(
    live_server, page: Page, tmp_path: Path
) -> None:
    build_small_world()
    log_in(page, live_server.url, "manager")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/imports/")
    # A file name as exports are named, long enough to overflow a phone where not wrapped
    # (the encoding note names it too).
    export = tmp_path / "SocialPrescribingReferralsExport_GlasgowCityCLW_Q1_2025_final.csv"
    export.write_bytes((EXAMPLES / "case-management-example.csv").read_bytes())
    page.get_by_label("Files to import").set_input_files(str(export))
    page.get_by_label("Mapping profile").select_option("case-management")
    page.get_by_role("button", name="Upload and check").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("White: British")
    page.screenshot(path=tmp_path / "preview_phone.png", full_page=True)
    # Nothing scrolls sideways, neither the page nor the table in its box.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = preview.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert box[0] <= box[1]
    # Each record stacks, its values under their heading across the phone's whole width,
    # rather than squeezed into a third of it a word or two a line.
    values = preview.locator("tbody tr").first.locator("td").last
    expect(values).to_contain_text("Values")
    width = values.evaluate("cell => cell.getBoundingClientRect().width")
    assert PHONE["width"] * 0.8 < width <= PHONE["width"]


def test_a_long_file_name_wraps_rather_than_widening_the_list(live_server, page: Page) -> None:
    from linkwork.accounts.roles import Role
    from linkwork.imports.models import ImportRun

    world = build_small_world()
    name = "Social_Prescribing_Referrals_Full_Export_" + "North_Locality_PCN_" * 4 + "2025.csv"
    ImportRun.objects.create(
        scheme=world.scheme,
        requested_by=world.users[Role.SCHEME_MANAGER],
        profile_name="case-management",
        files=[{"name": name, "sha256": "0" * 64}],
        checksum="0" * 64,
        status=ImportRun.Status.DONE,
    )
    log_in(page, live_server.url, "manager")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/imports/")
    expect(page.get_by_text(name[:30])).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    box = page.get_by_role("columnheader", name="Rejected").bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 1280


def test_the_page_waits_for_the_background_check_then_shows_it(live_server, page: Page) -> None:
    """With a worker (not inline), the upload's page shows the check's progress and, once the
    worker has checked the files, turns into the preview by itself."""
    world = build_small_world()
    policy = world.scheme.policy
    policy.outcome_tools = ["ons4", "swemwbs"]
    policy.save(update_fields=["outcome_tools"])
    log_in(page, live_server.url, "manager")
    with override_settings(LINKWORK_RUN_JOBS_INLINE=False):
        page.goto(f"{live_server.url}/imports/")
        page.get_by_label("Files to import").set_input_files(
            str(EXAMPLES / "case-management-example.csv")
        )
        page.get_by_label("Mapping profile").select_option("case-management")
        page.get_by_role("button", name="Upload and check").click()
        expect(page.locator("#progress")).to_contain_text("Waiting to check the files")
        expect(page.locator("#preview")).to_have_count(0)
        run = ImportRun.objects.get()
        assert run.status == ImportRun.Status.CHECKING
        check_job(run.pk)  # the worker
        expect(page.locator("#preview")).to_contain_text("C001")
        expect(page.locator("#dry-run")).to_contain_text("NHS number not valid")
