"""Broken or hostile directory files are refused with the record and field named, and write
nothing."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.directory.models import Service
from linkwork.directory.oruk.limits import MAX_JSON_DEPTH, json_nesting_depth
from linkwork.directory.tests.factories import EXAMPLES

pytestmark = pytest.mark.django_db

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def refused(path: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("directory", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert not Service.objects.exists()
    return err.getvalue()


def set_first_name(path: Path, name: str) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        header, first, *rest = [row for row in csv.reader(handle) if row]
    first[header.index("name")] = name
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, first, *rest])


def test_deeply_nested_json_is_refused_not_a_crash(tmp_path: Path) -> None:
    feed = tmp_path / "services.json"
    feed.write_text("[" * 100_000 + "]" * 100_000)
    assert "services.json: file: nests 100000 levels deep; at most 32" in refused(feed)


def test_deep_nesting_inside_a_real_record_is_refused(tmp_path: Path) -> None:
    record = json.loads((EXAMPLES / "service_full.json").read_text())
    nested: object = "x"
    for _ in range(500):
        nested = {"extra": nested}
    record["description"] = nested
    feed = tmp_path / "services.json"
    feed.write_text(json.dumps([record]))
    assert "nests 502 levels deep; at most 32" in refused(feed)


def test_a_huge_service_name_is_refused_naming_record_and_field(tmp_path: Path) -> None:
    record = json.loads((EXAMPLES / "service_full.json").read_text())
    record["name"] = "A" * 100_000
    feed = tmp_path / "services.json"
    feed.write_text(json.dumps(record))
    assert (
        f"services.json: service {SERVICE_ID}: /name: has 100,000 characters; at most 500 are kept"
    ) in refused(feed)


def test_a_two_megabyte_csv_cell_is_refused_naming_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    shutil.copytree(EXAMPLES / "csv", folder)
    set_first_name(folder / "services.csv", "B" * 2_000_000)
    assert "services.csv: line 2: is not CSV: field larger than field limit" in refused(folder)


def test_a_long_csv_name_is_refused_by_line_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    shutil.copytree(EXAMPLES / "csv", folder)
    set_first_name(folder / "services.csv", "C" * 600)
    assert "name: has 600 characters; at most 500 are kept" in refused(folder)


def test_nesting_depth_ignores_brackets_inside_strings() -> None:
    assert json_nesting_depth('{"name": "[[[[{{{{\\"]]"}') == 1
    assert json_nesting_depth("[]") == 1
    assert json_nesting_depth("[" * (MAX_JSON_DEPTH + 1)) == MAX_JSON_DEPTH + 1
