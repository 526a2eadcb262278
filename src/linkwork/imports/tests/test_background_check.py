"""An upload's dry run reads every row, so the background worker does it, never the request:
the page shows its progress, then the preview and problems the worker kept beside the files.
A check interrupted is done again; an upload discarded while checked stays discarded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from linkwork.imports import dry_run, jobs
from linkwork.imports.jobs import CHECK_FAILED_UNEXPECTEDLY, check_job, import_jobs_recover
from linkwork.imports.models import ImportRun
from linkwork.imports.uploads import abandoned_uploads_discard
from linkwork.testing.visible import visible_text
from linkwork.testing.world import SmallWorld

from .conftest import GOOD_ROW, csv_text
from .test_import_jobs import DEAD
from .test_import_pages import example, manager, upload, world  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Jobs go to the queue, as with a worker; the list holds the runs queued for a check."""
    checks: list[str] = []
    monkeypatch.setattr(jobs, "_enqueue_check", lambda run_id: checks.append(str(run_id)))
    with override_settings(VAR_DIR=tmp_path, LINKWORK_RUN_JOBS_INLINE=False):
        yield checks


def uploaded(client: Client, world: SmallWorld) -> ImportRun:  # noqa: F811 - the fixture's type
    with pytest.MonkeyPatch.context() as patch:
        # The request must not read the rows: a check in it fails the test.
        patch.setattr(dry_run, "preview_of", lambda check: pytest.fail("checked in a request"))
        response = upload(client, world, example("case-management-example.csv"),
                          profile="case-management", skip_invalid="on")  # fmt: skip
    assert response.status_code == 302
    return ImportRun.objects.get()


def test_the_worker_checks_an_upload_and_the_page_shows_what_it_found(
    world: SmallWorld,  # noqa: F811 - the fixture
    queued: list[str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = manager(world)
    with django_capture_on_commit_callbacks(execute=True):
        run = uploaded(client, world)
    assert queued == [str(run.pk)]
    assert run.status == ImportRun.Status.CHECKING
    page = client.get(reverse("imports:run", args=[run.pk]))
    text = visible_text(page.content.decode())
    assert "Waiting to check the files" in text
    assert "The first records, as mapped" not in text
    assert 'hx-trigger="every 1s"' in page.content.decode()
    poll = client.get(reverse("imports:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in poll.headers

    check_job(run.pk)  # the worker
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UPLOADED
    assert run.rows_read == 8
    assert (Path(run.upload_dir) / dry_run.DRY_RUN_FILE).is_file()
    poll = client.get(reverse("imports:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert poll.headers["HX-Refresh"] == "true"
    text = visible_text(client.get(reverse("imports:run", args=[run.pk])).content.decode())
    assert "The first records, as mapped" in text
    assert "8 rows read" in text
    assert "Import the valid rows" in text
    assert "Row has problems: not imported" not in text  # the first rows are sound


def test_a_check_delivered_twice_checks_once(
    world: SmallWorld,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = uploaded(manager(world), world)
    check_job(run.pk)
    monkeypatch.setattr(dry_run, "preview_of", lambda check: pytest.fail("checked twice"))
    check_job(run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UPLOADED


def test_an_upload_discarded_while_checked_stays_discarded(
    world: SmallWorld,  # noqa: F811 - the fixture
) -> None:
    client = manager(world)
    run = uploaded(client, world)
    response = client.post(reverse("imports:discard", args=[run.pk]))
    assert response.status_code == 302
    check_job(run.pk)  # the worker comes to it afterwards
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED
    assert not Path(run.upload_dir).exists()
    text = visible_text(client.get(reverse("imports:run", args=[run.pk])).content.decode())
    assert "Discarded on" in text
    assert "Checking the files" not in text


def test_an_upload_still_checked_cannot_be_imported_yet(
    world: SmallWorld,  # noqa: F811 - the fixture
) -> None:
    client = manager(world)
    run = uploaded(client, world)
    response = client.post(reverse("imports:start", args=[run.pk]), follow=True)
    text = visible_text(response.content.decode())
    assert "The files are still being checked: import them once the check is done." in text
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKING


def test_a_fault_while_checking_is_said_and_the_upload_can_be_discarded(
    world: SmallWorld,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = manager(world)
    run = uploaded(client, world)

    def broken(check: object) -> None:
        raise RuntimeError("a fault of our own")

    monkeypatch.setattr(dry_run, "preview_of", broken)
    check_job(run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UPLOADED
    text = visible_text(client.get(reverse("imports:run", args=[run.pk])).content.decode())
    assert CHECK_FAILED_UNEXPECTEDLY in text
    assert "a fault of our own" not in text
    assert "Discard this upload" in text


def test_a_check_whose_worker_died_is_queued_again(
    world: SmallWorld,  # noqa: F811 - the fixture
    queued: list[str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = uploaded(manager(world), world)
    ImportRun.objects.filter(pk=run.pk).update(worker=DEAD, step="Checking the files")
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_recover() == 1
    assert queued == [str(run.pk)]
    run.refresh_from_db()
    assert (run.status, run.worker) == (ImportRun.Status.CHECKING, "")


def test_an_upload_never_checked_is_discarded_after_a_day(
    world: SmallWorld,  # noqa: F811 - the fixture
) -> None:
    run = uploaded(manager(world), world)
    with override_settings(LINKWORK_IMPORT_UPLOADS_KEEP_HOURS=0):
        assert abandoned_uploads_discard().startswith("Discarded 1 upload(s)")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED
    assert not Path(run.upload_dir).exists()


def checked_upload_of_bad_rows(client: Client, world: SmallWorld) -> ImportRun:  # noqa: F811
    """Eight rows, each with an invalid NHS number, uploaded and checked."""
    rows = [{**GOOD_ROW, "Client ID": f"C{n}", "Referral ID": f"R{n}", "NHS No": "1"}
            for n in range(8)]  # fmt: skip
    upload(client, world, SimpleUploadedFile("caseload.csv", csv_text(rows).encode()),
           profile="case-management")  # fmt: skip
    run = ImportRun.objects.get()
    check_job(run.pk)
    return run


def test_only_the_first_problems_are_listed_and_the_rest_counted(
    world: SmallWorld,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dry_run, "LISTED_PROBLEMS", 3)
    client = manager(world)
    run = checked_upload_of_bad_rows(client, world)
    text = visible_text(client.get(reverse("imports:run", args=[run.pk])).content.decode())
    assert "8 problems on 8 rows" in text
    assert "And 5 more problems, counted by kind above but not listed here" in text
    assert text.count("NHS No:") == 3
    # Every row has a problem: each record of the preview is marked as not imported.
    assert text.count("Row has problems: not imported") == dry_run.PREVIEW_RECORDS


@pytest.mark.parametrize(("open_up_to", "folded"), [(8, False), (7, True)])
def test_a_long_list_of_problems_is_folded_under_its_count(
    world: SmallWorld,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
    open_up_to: int,
    folded: bool,
) -> None:
    monkeypatch.setattr(dry_run, "OPEN_PROBLEMS", open_up_to)
    client = manager(world)
    run = checked_upload_of_bad_rows(client, world)
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    (details,) = re.findall(r'<details[^>]*data-testid="problems-in-file"[^>]*>', page)
    assert ("open" not in details.split("data-testid")[1]) == folded
    assert "caseload.csv: 8 problems listed" in visible_text(page)
