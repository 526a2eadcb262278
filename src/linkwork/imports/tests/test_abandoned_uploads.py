"""An uploaded export nobody imports is not left on the server: the worker's periodic job
discards it with its files after the hours set, audited, and removes folders no run holds;
an upload still in its time, or waiting to be imported, is left alone."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import AuditEvent
from linkwork.imports.jobs import upload_root
from linkwork.imports.models import ImportRun
from linkwork.imports.uploads import abandoned_uploads_discard
from linkwork.testing.world import SmallWorld, build_small_world

from .test_import_pages import example, manager, upload

pytestmark = pytest.mark.django_db

DAY_AND_AN_HOUR = dt.timedelta(hours=25)


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


@pytest.fixture(autouse=True)
def var_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(VAR_DIR=tmp_path, LINKWORK_IMPORT_UPLOADS_KEEP_HOURS=24):
        yield tmp_path


def uploaded(world: SmallWorld, *, ago: dt.timedelta, status: str = "uploaded") -> ImportRun:
    upload(manager(world), world, example("case-management-example.csv"), profile="case-management")
    run = ImportRun.objects.latest("created_at")
    ImportRun.objects.filter(pk=run.pk).update(status=status, updated_at=timezone.now() - ago)
    run.refresh_from_db()
    return run


def test_an_upload_left_for_a_day_is_discarded_with_its_files(world: SmallWorld) -> None:
    old = uploaded(world, ago=DAY_AND_AN_HOUR)
    recent = uploaded(world, ago=dt.timedelta(hours=23))
    waiting = uploaded(world, ago=DAY_AND_AN_HOUR, status=ImportRun.Status.QUEUED)

    said = abandoned_uploads_discard()

    assert said.startswith("Discarded 1 upload(s) not imported")
    old.refresh_from_db()
    assert old.status == ImportRun.Status.DISCARDED
    assert not Path(old.upload_dir).exists()
    assert AuditEvent.objects.filter(
        object_type="import_run", object_id=str(old.pk), detail__status="discarded"
    ).exists()
    for kept in (recent, waiting):
        status = kept.status
        kept.refresh_from_db()
        assert kept.status == status
        assert Path(kept.upload_dir).is_dir()
    page = manager(world).get(reverse("imports:run", args=[old.pk])).content.decode()
    assert "not imported within 24 hours of the upload" in page
    assert abandoned_uploads_discard().startswith("Discarded 0 upload(s)")  # safe again


def test_a_folder_no_run_holds_is_removed_once_old(world: SmallWorld) -> None:
    held = uploaded(world, ago=dt.timedelta(hours=1))
    root = upload_root()
    orphan = root / "left-by-a-dead-process"
    orphan.mkdir()
    (orphan / "export.csv").write_text("NHS No\n9434765919\n")
    young = root / "being-saved-now"
    young.mkdir()
    two_days_ago = time.time() - 48 * 3600
    os.utime(orphan, (two_days_ago, two_days_ago))
    os.utime(held.upload_dir, (two_days_ago, two_days_ago))

    assert abandoned_uploads_discard().endswith("and 1 unheld folder(s).")

    assert not orphan.exists()
    assert young.is_dir()  # may be an upload being saved this moment
    assert Path(held.upload_dir).is_dir()
