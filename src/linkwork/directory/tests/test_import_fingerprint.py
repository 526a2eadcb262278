"""An unchanged release imported again is recognised without re-reading it, and only then."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from linkwork.directory import services
from linkwork.directory.models import ImportFingerprint, Service
from linkwork.directory.services import directory_import_path
from linkwork.directory.tests.factories import FIXTURES, add_postcodes
from linkwork.lookups.models import PostcodeLookup
from linkwork.organisations.models import Region

pytestmark = pytest.mark.django_db

SAMPLE = FIXTURES / "glasgow_sample.json"


def reads_during(**kwargs: object) -> tuple[int, services.ImportResult]:
    """How many times the files were read and checked record by record, and the result."""
    with mock.patch.object(services, "read_path", wraps=services.read_path) as read:
        result = directory_import_path(**kwargs)  # type: ignore[arg-type]
    return read.call_count, result


def test_the_same_files_into_an_unchanged_directory_are_not_read_again() -> None:
    first_reads, first = reads_during(path=SAMPLE)
    assert (first_reads, first.written, first.unchanged_since) == (1, True, None)
    reads, again = reads_during(path=SAMPLE)
    assert reads == 0
    assert again.unchanged_since == ImportFingerprint.objects.get().imported_at
    assert not again.changed


def test_force_reads_every_record_again() -> None:
    directory_import_path(path=SAMPLE)
    reads, result = reads_during(path=SAMPLE, force=True)
    assert (reads, result.written, result.changed) == (1, True, 0)


def test_a_changed_file_is_read_and_written(tmp_path: Path) -> None:
    directory_import_path(path=SAMPLE)
    documents = json.loads(SAMPLE.read_text())
    documents[0]["name"] = "A new name"
    changed = tmp_path / "services.json"
    changed.write_text(json.dumps(documents))
    reads, _ = reads_during(path=changed)
    assert reads == 1
    assert Service.objects.filter(name="A new name").exists()


def test_a_service_deleted_since_is_brought_back_by_the_same_files() -> None:
    directory_import_path(path=SAMPLE)
    held = Service.objects.count()
    Service.objects.order_by("pk").first().delete()  # type: ignore[union-attr]
    reads, _ = reads_during(path=SAMPLE)
    assert reads == 1
    assert Service.objects.count() == held


def test_a_service_edited_since_is_restored_by_the_same_files() -> None:
    directory_import_path(path=SAMPLE)
    service = Service.objects.order_by("pk").first()
    assert service is not None
    published = service.name
    service.name = "Edited by hand"
    service.save()
    reads, _ = reads_during(path=SAMPLE)
    assert reads == 1
    service.refresh_from_db()
    assert service.name == published


def test_postcodes_loaded_since_mean_the_files_are_read_again() -> None:
    directory_import_path(path=SAMPLE)
    add_postcodes()
    assert PostcodeLookup.objects.exists()
    reads, _ = reads_during(path=SAMPLE)
    assert reads == 1


def test_another_region_is_another_import() -> None:
    region = Region.objects.create(name="Lothian", slug="lothian")
    directory_import_path(path=SAMPLE)
    reads, _ = reads_during(path=SAMPLE, region=region)
    assert reads == 1
    assert Service.objects.filter(region=region).exists()


def test_an_import_with_problems_leaves_no_fingerprint(tmp_path: Path) -> None:
    documents = json.loads(SAMPLE.read_text())
    documents[0]["id"] = "not-a-uuid"
    broken = tmp_path / "services.json"
    broken.write_text(json.dumps(documents))
    result = directory_import_path(path=broken, skip_invalid=True)
    assert result.written
    assert result.problems
    assert not ImportFingerprint.objects.exists()
    reads, again = reads_during(path=broken, skip_invalid=True)
    assert reads == 1
    assert again.problems


def test_a_folder_with_a_file_added_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "services.json")
    directory_import_path(path=folder)
    (folder / "taxonomies.json").write_text("[]")
    reads, _ = reads_during(path=folder)
    assert reads == 1


def test_the_command_says_nothing_changed_and_when() -> None:
    out = io.StringIO()
    call_command("directory", "import", str(SAMPLE), stdout=out)
    out = io.StringIO()
    call_command("directory", "import", str(SAMPLE), stdout=out)
    assert "Nothing changed: these files were imported on" in out.getvalue()
    assert "Use --force" in out.getvalue()
