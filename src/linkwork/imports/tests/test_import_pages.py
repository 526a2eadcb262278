"""The import pages: upload, preview and dry run, the background import, the list, reversal,
who may see them, and bad input turned into clear messages with nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.imports.dry_run import _shown
from linkwork.imports.harmonise.profile import load_profile
from linkwork.imports.harmonise.xlsx import write_xlsx
from linkwork.imports.jobs import run_job
from linkwork.imports.models import ImportRun
from linkwork.people.models import Person
from linkwork.testing.visible import raw_codes_in, visible_text
from linkwork.testing.world import SmallWorld, build_small_world, make_user

from .conftest import EXAMPLES, GOOD_ROW, csv_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path: Path) -> SmallWorld:
    world = build_small_world()
    policy = world.scheme.policy
    policy.outcome_tools = ["ons4", "swemwbs"]
    policy.save(update_fields=["outcome_tools"])
    return world


@pytest.fixture(autouse=True)
def var_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(VAR_DIR=tmp_path):
        yield tmp_path


def manager(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    return client


def upload(client: Client, world: SmallWorld, *files: SimpleUploadedFile, **data: object) -> Any:
    return client.post(
        reverse("imports:upload"),
        {"scheme": str(world.scheme.pk), "uploads": list(files), **data},
    )


def upload_valid_rows(client: Client, world: SmallWorld) -> ImportRun:
    """The case-management example uploaded to import its valid rows; answers its run."""
    upload(
        client,
        world,
        example("case-management-example.csv"),
        profile="case-management",
        skip_invalid="on",
    )
    return ImportRun.objects.get()


def example(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (EXAMPLES / name).read_bytes())


def test_upload_preview_dry_run_and_import(world: SmallWorld, var_dir: Path) -> None:
    client = manager(world)
    response = upload(
        client,
        world,
        example("case-management-example.csv"),
        profile="case-management",
        skip_invalid="on",
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert Path(run.upload_dir).is_dir()
    page = client.get(response["Location"]).content.decode()
    assert "The first records, as mapped" in page
    # The profile by the title the upload form lists, not its name.
    assert f"with the profile “{load_profile('case-management').title}”" in page
    assert "NHS number not valid" in page  # counted by kind
    assert "Row 2, NHS No" in page or "Row " in page
    assert not Person.objects.exists()
    client.post(reverse("imports:start", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert run.created > 0
    assert Person.objects.filter(scheme=world.scheme).exists()
    assert not Path(run.upload_dir).exists()  # the files go once imported
    # What the check noted (its practices are not the scheme's) stays on the finished page.
    done = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Found when the files were checked, before the import: " in done
    assert "does not serve" in done
    listing = client.get(reverse("imports:index")).content.decode()
    assert "case-management-example.csv" in listing
    client.post(reverse("imports:reverse", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REVERSED
    assert not Person.objects.exists()


def test_a_page_left_open_cannot_discard_what_was_imported(world: SmallWorld) -> None:
    client = manager(world)
    run = upload_valid_rows(client, world)
    client.post(reverse("imports:start", args=[run.pk]))
    # The preview's "Discard this upload", sent from a tab opened before the import.
    response = client.post(reverse("imports:discard", args=[run.pk]), follow=True)
    page = response.content.decode()
    assert 'data-testid="message-error"' in page
    assert "can no longer be discarded: it is imported" in page
    assert "was discarded" not in page
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert Person.objects.filter(scheme=world.scheme).exists()

    client.post(reverse("imports:reverse", args=[run.pk]))
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.reversed_at is not None
    assert f"Reversed on {run.reversed_at:%-d %b %Y %H:%M}" in page.replace("\n", " ")
    # The counts stay as the import's record, saying that what it created is gone.
    assert f'id="created">{run.created:,}, all removed by the reversal' in page
    assert "What the import wrote (what it created has since been removed)" in page


def test_a_failed_upload_that_wrote_nothing_can_be_discarded(world: SmallWorld) -> None:
    client = manager(world)
    upload(client, world, example("case-management-example.csv"), profile="case-management")
    run = ImportRun.objects.get()
    client.post(reverse("imports:start", args=[run.pk]))  # problems, no skip: fails
    run.refresh_from_db()
    assert (run.status, run.chunks_done) == (ImportRun.Status.FAILED, 0)
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert reverse("imports:discard", args=[run.pk]) in page
    client.post(reverse("imports:discard", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED
    assert not Path(run.upload_dir).exists()


def test_the_preview_shows_codes_by_their_labels(world: SmallWorld) -> None:
    client = manager(world)
    row = {**GOOD_ROW, "Connected To": "Walking group", "Connection Date": "20/01/2025"}
    upload(
        client,
        world,
        SimpleUploadedFile("caseload.csv", csv_text([row]).encode()),
        profile="case-management",
    )
    page = client.get(reverse("imports:run", args=[ImportRun.objects.get().pk])).content.decode()
    start = page.index('id="preview"')
    preview = visible_text(page[start : page.index("</table>", start)])
    assert "ethnicity: White: British" in preview
    assert "ethnicity: A" not in preview
    assert "sex: Female" in preview
    assert "reasons: Loneliness" in preview
    assert "received on: 3 Jan 2025" in preview
    assert raw_codes_in(preview) == [], preview
    # Field names and values in a scheme manager's words, not the canonical record's.
    assert "person id: C1" in preview
    assert "questionnaire: Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)" in preview
    assert " ref:" not in preview
    assert "pence" not in preview
    assert ".0" not in preview


def test_money_shows_in_pounds_and_an_unknown_questionnaire_by_its_code() -> None:
    assert _shown("financial_gain", "amount_pence", 125000) == "£1,250.00"
    assert _shown("questionnaire", "instrument", "made-up") == "made-up"
    assert _shown("questionnaire", "total", 18.5) == "18.5"


def test_problems_without_skip_invalid_offer_no_import(world: SmallWorld) -> None:
    client = manager(world)
    upload(client, world, example("case-management-example.csv"), profile="case-management")
    run = ImportRun.objects.get()
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Nothing has been written" in page
    assert reverse("imports:start", args=[run.pk]) not in page


def test_other_schemes_imports_are_invisible(world: SmallWorld) -> None:
    upload(manager(world), world, example("case-management-example.csv"), profile="case-management")
    run = ImportRun.objects.get()
    other = make_user(
        "glenmanager",
        role=Role.SCHEME_MANAGER,
        organisation=world.vcse,
        scheme=world.scot_scheme,
    )
    client = Client()
    client.force_login(other)
    assert client.get(reverse("imports:run", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:reverse", args=[run.pk])).status_code == 404
    worker = Client()
    worker.force_login(world.users[Role.LINK_WORKER])
    assert worker.get(reverse("imports:index")).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "profile", "expected"),
    [
        (
            "caseload.csv",
            csv_text([GOOD_ROW]).encode("utf-16"),
            "case-management",
            "UTF-8",
        ),
        (
            "caseload.csv",
            csv_text([GOOD_ROW]).encode("utf-8"),
            "gp-system-snomed",
            "does not match the profile",
        ),
        (
            "caseload.csv",
            csv_text([GOOD_ROW], headers=[h for h in GOOD_ROW if h != "DOB"]).encode(),
            "case-management",
            "lacks the column",
        ),
    ],
)
def test_bad_files_get_a_clear_message_and_write_nothing(
    world: SmallWorld, name: str, content: bytes, profile: str, expected: str
) -> None:
    client = manager(world)
    upload(client, world, SimpleUploadedFile(name, content), profile=profile)
    run = ImportRun.objects.get()
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "These files cannot be imported" in page
    assert expected in page
    assert reverse("imports:start", args=[run.pk]) not in page
    assert not Person.objects.exists()
    listing = visible_text(client.get(reverse("imports:index")).content.decode())
    assert "Cannot be imported: see its page" in listing
    assert "not yet imported" not in listing


def test_a_workbook_with_several_sheets_or_a_formula_is_explained(
    world: SmallWorld, tmp_path: Path
) -> None:
    headers = list(GOOD_ROW)
    book = tmp_path / "two.xlsx"
    write_xlsx(book, {"One": [headers], "Two": [headers]})
    profile = tmp_path / "profile.json"
    text = (EXAMPLES.parent / "case-management.json").read_text(encoding="utf-8")
    profile.write_text(text.replace('"kind": "csv"', '"kind": "xlsx"'), encoding="utf-8")
    client = manager(world)
    upload(
        client,
        world,
        SimpleUploadedFile("two.xlsx", book.read_bytes()),
        profile_file=SimpleUploadedFile("mine.json", profile.read_bytes()),
    )
    run = ImportRun.objects.get()
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "has 2 sheets (One, Two); the profile reads one" in page
    formula = csv_text([{**GOOD_ROW, "SWEMWBS Total": "=SUM(Q2:W2)"}]).encode()
    upload(
        client,
        world,
        SimpleUploadedFile("formula.csv", formula),
        profile="case-management",
        skip_invalid="on",
    )
    second = ImportRun.objects.order_by("created_at").last()
    assert second is not None
    page = client.get(reverse("imports:run", args=[second.pk])).content.decode()
    assert "spreadsheet formula" in page
    assert not Person.objects.exists()


def refused_upload(
    client: Client, world: SmallWorld, *files: SimpleUploadedFile, **data: object
) -> str:
    response = upload(client, world, *files, **data)
    assert response.status_code == 400
    assert not ImportRun.objects.exists()
    return str(response.content.decode())


def test_a_csv_with_only_its_header_is_refused_at_upload(world: SmallWorld, var_dir: Path) -> None:
    header_only = SimpleUploadedFile("caseload.csv", csv_text([]).encode())
    page = refused_upload(manager(world), world, header_only, profile="case-management")
    assert (
        "caseload.csv has a header but no rows to import; export the data again with its rows"
    ) in page
    assert not any((var_dir / "imports").iterdir())


def test_the_blank_template_is_refused_at_upload_naming_its_sheets(world: SmallWorld) -> None:
    blank = SimpleUploadedFile(
        "template.xlsx", (EXAMPLES.parent / "linkwork-template.xlsx").read_bytes()
    )
    page = refused_upload(manager(world), world, blank, profile="linkwork-template")
    assert (
        "template.xlsx has a header but no rows to import on the sheets the profile reads (People,"
        in page
    )


def test_one_file_without_rows_among_several_is_uploaded(world: SmallWorld) -> None:
    client = manager(world)
    upload(
        client,
        world,
        SimpleUploadedFile("empty.csv", csv_text([]).encode()),
        SimpleUploadedFile("caseload.csv", csv_text([GOOD_ROW]).encode()),
        profile="case-management",
    )
    assert ImportRun.objects.get().file_names == ["empty.csv", "caseload.csv"]


def test_a_picture_named_csv_is_refused_at_upload_saying_what_it_is(world: SmallWorld) -> None:
    picture = SimpleUploadedFile("caseload.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    page = refused_upload(manager(world), world, picture, profile="case-management")
    assert "caseload.csv is not a text CSV file (it looks like a PNG image)" in page


def test_an_unreadable_uploaded_profile_is_refused_with_its_reason(world: SmallWorld) -> None:
    response = upload(
        manager(world),
        world,
        example("case-management-example.csv"),
        profile_file=SimpleUploadedFile("mine.json", b"{not json"),
    )
    assert response.status_code == 400
    assert "not readable JSON" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_the_page_polls_the_background_job_until_it_is_done(world: SmallWorld) -> None:
    client = manager(world)
    run = upload_valid_rows(client, world)
    with override_settings(LINKWORK_RUN_JOBS_INLINE=False):
        client.post(reverse("imports:start", args=[run.pk]))
        client.post(reverse("imports:start", args=[run.pk]))  # a second press: one job
    run.refresh_from_db()
    assert run.status == ImportRun.Status.QUEUED
    url = reverse("imports:run", args=[run.pk])
    polled = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="import-progress"' in polled
    assert 'hx-trigger="every 1s"' in polled
    run_job(run.pk)  # what the worker does
    polled = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Imported on" in polled
    assert 'hx-trigger="none"' in polled
    assert Person.objects.filter(scheme=world.scheme).exists()
    assert not Path(run.upload_dir).exists()


def test_an_uploaded_yaml_profile_is_read_and_a_broken_one_named_by_line(
    world: SmallWorld,
) -> None:
    client = manager(world)
    broken = upload(
        client,
        world,
        example("gp-system-snomed-example.csv"),
        profile_file=SimpleUploadedFile("ours.yaml", b"profile: ours\nformat: [csv\nrecords: []\n"),
    )
    assert broken.status_code == 400
    assert "The profile ours.yaml is not readable YAML (line 3, column 8" in (
        broken.content.decode()
    )
    assert not ImportRun.objects.exists()
    upload(
        client,
        world,
        example("gp-system-snomed-example.csv"),
        profile_file=SimpleUploadedFile(
            "ours.yml", (EXAMPLES.parent / "gp-system-snomed.yaml").read_bytes()
        ),
    )
    run = ImportRun.objects.get()
    assert run.profile_definition is not None
    assert run.profile_definition["codes"]["column"] == "SNOMED Code"
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "is not a code the profile reads" in page


def test_a_file_whose_every_row_has_a_problem_offers_nothing_to_import(
    world: SmallWorld,
) -> None:
    client = manager(world)
    bad = {**GOOD_ROW, "NHS No": "1234567890"}
    upload(
        client,
        world,
        SimpleUploadedFile("bad.csv", csv_text([bad]).encode()),
        profile="case-management",
        skip_invalid="on",
    )
    run = ImportRun.objects.get()
    shown = visible_text(client.get(reverse("imports:run", args=[run.pk])).content.decode())
    assert "Every row has a problem, so there is nothing to import." in shown
    assert "Import the valid rows" not in shown


def test_a_refused_import_still_lists_the_rows_with_problems(world: SmallWorld) -> None:
    """Started by hand (no button offers it) on an upload with problems and no choice to
    import the valid rows: refused, nothing written, and its page says which rows and why."""
    client = manager(world)
    bad = {**GOOD_ROW, "Client ID": "C2", "Referral ID": "R2", "NHS No": "1234567890"}
    upload(
        client,
        world,
        SimpleUploadedFile("mixed.csv", csv_text([GOOD_ROW, bad]).encode()),
        profile="case-management",
    )
    run = ImportRun.objects.get()
    client.post(reverse("imports:start", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.created, run.rows_read, run.rejected) == ("failed", 0, 2, 1)
    shown = visible_text(client.get(reverse("imports:run", args=[run.pk])).content.decode())
    assert "mixed.csv row 3, NHS No: NHS number not valid" in shown
    assert "Rows with problems" in shown
    assert "Rows not imported" not in shown
