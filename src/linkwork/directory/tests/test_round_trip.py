"""Export then import reproduces the directory exactly, in both of the standard's forms."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from linkwork.demo.context import DemoContext
from linkwork.demo.parts.directory import build_directory
from linkwork.directory.models import Service
from linkwork.directory.search import SearchFilters, filtered_services
from linkwork.directory.tests.factories import EXAMPLES, FIXTURES, add_postcodes, wipe_directory

pytestmark = pytest.mark.django_db


def directory(*args: str) -> str:
    out = io.StringIO()
    call_command("directory", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def files(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())}


@pytest.fixture
def rich_directory(world) -> int:
    """Demo services, the standard's examples and the sample fixture, all together."""
    add_postcodes()
    build_directory(DemoContext(seed=5, log=lambda _: None))
    directory("import", str(EXAMPLES))
    directory("import", str(FIXTURES / "glasgow_sample.json"), "--region", "test-glen")
    return Service.objects.count()


def test_json_export_then_import_reproduces_the_directory(rich_directory, tmp_path) -> None:
    directory("export", "--out", str(tmp_path / "first"))
    wipe_directory()
    output = directory("import", str(tmp_path / "first"))
    assert "problem" not in output
    assert Service.objects.count() == rich_directory
    directory("export", "--out", str(tmp_path / "second"))
    assert files(tmp_path / "first") == files(tmp_path / "second")
    # The second export is byte for byte the first: recognised without reading it, and
    # compared record by record (--force) it changes nothing either.
    assert "Nothing changed: these files were imported" in directory(
        "import", str(tmp_path / "second")
    )
    assert "nothing changed" in directory("import", str(tmp_path / "second"), "--force")


def test_csv_export_then_import_reproduces_the_directory(rich_directory, tmp_path) -> None:
    directory("export", "--out", str(tmp_path / "json"))
    directory("export", "--out", str(tmp_path / "csv"), "--format", "csv")
    wipe_directory()
    directory("import", str(tmp_path / "csv"))
    directory("export", "--out", str(tmp_path / "json-again"))
    assert files(tmp_path / "json") == files(tmp_path / "json-again")
    directory("export", "--out", str(tmp_path / "csv-again"), "--format", "csv")
    assert files(tmp_path / "csv") == files(tmp_path / "csv-again")


def test_categories_still_work_after_a_round_trip(rich_directory, tmp_path) -> None:
    def housing() -> set[object]:
        return set(
            filtered_services(SearchFilters(needs=("housing",))).values_list("pk", flat=True)
        )

    before = housing()
    directory("export", "--out", str(tmp_path))
    wipe_directory()
    directory("import", str(tmp_path))
    assert before
    assert housing() == before


def test_csv_export_neutralises_formulas_and_keeps_negative_numbers(world, tmp_path) -> None:
    from linkwork.directory.tests.factories import add_service

    add_service('=HYPERLINK("http://evil.example","Click")', point=(55.95, -3.19))
    directory("export", "--out", str(tmp_path / "csv"), "--format", "csv")
    services = (tmp_path / "csv" / "services.csv").read_text()
    assert '"\'=HYPERLINK(""http://evil.example"",""Click"")"' in services
    assert ",=HYPERLINK" not in services
    assert re.search(r",-3\.19(,|\r)", (tmp_path / "csv" / "locations.csv").read_text())
    wipe_directory()
    directory("import", str(tmp_path / "csv"))
    assert Service.objects.get().name == '=HYPERLINK("http://evil.example","Click")'
