"""A data package read back for the evaluation is refused, naming file, line and field,
when it is not what the export writes."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.evaluation.dataset.package import PackageError, read_package, write_package
from linkwork.evaluation.dataset.spec import TABLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A valid package: one scheme, everything else empty."""
    tables = {}
    for spec in TABLES:
        names = spec.field_names(identifiable=False)
        tables[spec.name] = pl.DataFrame({name: pl.Series([], dtype=pl.Utf8) for name in names})
    write_package(tables, tmp_path / "p", identifiable=False, parquet=False, meta={})
    return tmp_path / "p"


def descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text())


def save(folder: Path, data: dict) -> None:
    (folder / "datapackage.json").write_text(json.dumps(data))


def test_the_fixture_package_reads(package: Path) -> None:
    assert set(read_package(package)) == {spec.name for spec in TABLES}


def test_a_path_outside_the_package_is_refused(package: Path) -> None:
    data = descriptor(package)
    data["resources"][0]["path"] = "../../../../etc/passwd"
    save(package, data)
    with pytest.raises(PackageError, match=r"schemes: path must be data/schemes\.csv"):
        read_package(package)


def test_text_in_a_number_column_names_line_and_column(package: Path) -> None:
    path = package / "data" / "referrals.csv"
    header = path.read_text().splitlines()[0].split(",")
    row = ["" for _ in header]
    row[header.index("referral_id")] = "r1"
    row[header.index("waiting_days")] = "a week"
    path.write_text(",".join(header) + "\n" + ",".join(row) + "\n")
    with pytest.raises(
        PackageError, match=r"data/referrals.csv line 2, column waiting_days: 'a week'"
    ):
        read_package(package)


def test_a_changed_field_type_is_refused(package: Path) -> None:
    data = descriptor(package)
    data["resources"][0]["schema"]["fields"][0]["type"] = "object"
    save(package, data)
    with pytest.raises(PackageError, match=r"schemes\.scheme_id: type must be string"):
        read_package(package)


def test_deeply_nested_json_is_refused_through_the_command(package: Path, tmp_path) -> None:
    (package / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError, match=r"datapackage\.json is not readable JSON"):
        call_command(
            "report",
            "evaluation",
            "--package",
            str(package),
            "--out",
            str(tmp_path / "r.json"),
            "--quiet",
        )


def test_a_package_from_before_financial_gains_reads_them_as_none(package: Path) -> None:
    data = descriptor(package)
    data["version"] = "1.0.0"
    data["resources"] = [r for r in data["resources"] if r["name"] != "financial_gains"]
    save(package, data)
    gains = read_package(package)["financial_gains"]
    assert gains.height == 0
    assert gains.schema["amount_pence"] == pl.Int64


def test_a_current_package_must_have_its_financial_gains(package: Path) -> None:
    data = descriptor(package)
    data["resources"] = [r for r in data["resources"] if r["name"] != "financial_gains"]
    save(package, data)
    with pytest.raises(PackageError, match="no financial_gains table"):
        read_package(package)
