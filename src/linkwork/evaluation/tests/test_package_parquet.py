"""A package's Parquet copies are read in place of its CSV tables: the same frames, value for
value (awkward text included), and refused by name when they do not match the schema."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from linkwork.evaluation.analysis.data import NOT_READ
from linkwork.evaluation.dataset.limits import MAX_CELL_CHARS
from linkwork.evaluation.dataset.package import PackageError, read_package, write_package
from linkwork.evaluation.dataset.spec import TABLES

# Text the CSV writer guards or quotes: a formula, a quote, a new line, a tab, an empty text
# (which the CSV reads as missing, so the Parquet copy must too).
TEXTS: list[object] = ["=SUM(A1)", 'say "hello"\nand goodbye', None, "\tindented", "", "+44 161"]
VALUES: dict[str, list[object]] = {
    "string": TEXTS,
    "integer": [1, None, -3, 0, 2**40, 7],
    "number": [1.5, None, -0.25, 0.0, 1e9, 3.0],
    "date": [date(2026, 1, 31), None, date(1930, 2, 28), date(2026, 12, 1), None, date(2000, 1, 1)],
    "boolean": [True, None, False, True, False, None],
}
DTYPES = {"string": pl.Utf8, "integer": pl.Int64, "number": pl.Float64, "date": pl.Date,
          "boolean": pl.Boolean}  # fmt: skip


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A package with Parquet copies; every table holds six rows of awkward values."""
    tables = {
        spec.name: pl.DataFrame(
            {
                f.name: pl.Series(VALUES[f.type], dtype=DTYPES[f.type])
                for f in spec.fields
                if not f.identifiable
            }
        )
        for spec in TABLES
    }
    write_package(tables, tmp_path / "p", identifiable=False, parquet=True, meta={})
    return tmp_path / "p"


def from_csv_alone(package: Path) -> dict[str, pl.DataFrame]:
    shutil.move(package / "parquet", package / "parquet-aside")
    try:
        return read_package(package)
    finally:
        shutil.move(package / "parquet-aside", package / "parquet")


def test_the_parquet_copies_read_as_the_csv_tables(package: Path) -> None:
    from_parquet = read_package(package)
    from_csv = from_csv_alone(package)
    assert from_parquet.keys() == from_csv.keys()
    for name, frame in from_csv.items():
        assert_frame_equal(from_parquet[name], frame)
    # The awkward text came through as text, unguarded, with the empty text read as missing.
    assert from_parquet["schemes"]["scheme_id"].to_list() == [
        "=SUM(A1)", 'say "hello"\nand goodbye', None, "\tindented", None, "+44 161"
    ]  # fmt: skip


def test_the_copy_is_what_is_read(package: Path) -> None:
    # A copy saying otherwise than the CSV is believed: it is the file the reader opens.
    frame = pl.read_parquet(package / "parquet" / "schemes.parquet")
    frame.with_columns(pl.lit("from the copy").alias("scheme_name")).write_parquet(
        package / "parquet" / "schemes.parquet"
    )
    assert set(read_package(package)["schemes"]["scheme_name"]) == {"from the copy"}


def test_a_column_of_the_wrong_type_is_refused_by_name(package: Path) -> None:
    file = package / "parquet" / "referrals.parquet"
    frame = pl.read_parquet(file)
    frame.with_columns(pl.col("waiting_days").cast(pl.Utf8)).write_parquet(file)
    with pytest.raises(
        PackageError,
        match=r"parquet/referrals\.parquet, column waiting_days: holds String values where the "
        r"table schema says integer\. Export the package again, or remove its parquet folder",
    ):
        read_package(package)


def test_a_missing_column_is_refused_by_name(package: Path) -> None:
    file = package / "parquet" / "referrals.parquet"
    pl.read_parquet(file).drop("waiting_days").write_parquet(file)
    with pytest.raises(PackageError, match=r"referrals\.parquet lacks the column waiting_days"):
        read_package(package)


def test_an_overlong_text_is_refused_naming_its_row(package: Path) -> None:
    file = package / "parquet" / "schemes.parquet"
    frame = pl.read_parquet(file)
    long = ["short", "x" * (MAX_CELL_CHARS + 1), *[None] * (frame.height - 2)]
    frame.with_columns(pl.Series("scheme_name", long)).write_parquet(file)
    with pytest.raises(PackageError, match=r"schemes\.parquet row 2, column scheme_name: longer"):
        read_package(package)


def test_a_copy_elsewhere_is_refused(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["resources"][0]["x-parquet-path"] = "../../secrets.parquet"
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(PackageError, match=r"x-parquet-path must be parquet/schemes\.parquet"):
        read_package(package)


def test_a_file_that_is_not_parquet_is_refused(package: Path) -> None:
    (package / "parquet" / "people.parquet").write_text("name,age\nAda,36\n")
    with pytest.raises(
        PackageError, match=r"parquet/people\.parquet is not a readable Parquet file .*Export the"
    ):
        read_package(package)


def test_without_its_copies_a_package_reads_from_csv(package: Path) -> None:
    shutil.rmtree(package / "parquet")
    assert read_package(package)["referrals"].height == 6


def test_the_columns_the_report_leaves_out_are_the_datasets() -> None:
    # A misspelt name would leave nothing out, silently.
    fields = {spec.name: {f.name for f in spec.fields} for spec in TABLES}
    for table, names in NOT_READ.items():
        assert set(names) <= fields[table], table


def test_columns_left_out_are_not_read(package: Path) -> None:
    tables = read_package(package, leave_out={"referrals": ("at_risk", "closed_on")})
    assert "at_risk" not in tables["referrals"].columns
    assert "closed_on" not in tables["referrals"].columns
    assert "waiting_days" in tables["referrals"].columns
    shutil.rmtree(package / "parquet")
    from_csv = read_package(package, leave_out={"referrals": ("at_risk", "closed_on")})
    assert from_csv["referrals"].columns == tables["referrals"].columns
