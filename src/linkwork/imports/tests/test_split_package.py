"""The offline package of a large export is written part by part, so memory holds one part's
records whatever the file's size. Split or whole, the same export must give the same package
(every table, row for row) and the same rejects file."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.evaluation.dataset.package import read_package
from linkwork.imports.harmonise.dataset import SchemeInfo
from linkwork.imports.harmonise.package_writer import package_export
from linkwork.imports.harmonise.profile import load_profile

from .test_split_import import ROWS, SMALL_PARTS, WHOLE, messy_rows

CASE = load_profile("case-management")
SCHEME = SchemeInfo("s1", "Scheme", "Region", "england")
KEY = b"k" * 32


def package(export: Path, out: Path, part_bytes: int, *, parquet: bool = False) -> int:
    parts: list[int] = []
    package_export(
        profile=CASE,
        paths=[export],
        out_dir=out,
        scheme=SCHEME,
        key=KEY,
        skip_invalid=True,
        rejects_path=out.with_name(f"{out.name}-rejects.csv"),
        parquet=parquet,
        part_bytes=part_bytes,
        checked=lambda check: parts.append(len(check.split.parts)),
    )
    return parts[0]


def tables(out: Path) -> dict[str, pl.DataFrame]:
    return {name: frame.sort(frame.columns) for name, frame in read_package(out).items()}


def rejects(out: Path) -> list[dict[str, str]]:
    with out.with_name(f"{out.name}-rejects.csv").open(encoding="utf-8") as handle:
        return sorted(csv.DictReader(handle), key=lambda r: int(r["row"]))


def test_a_split_export_packages_as_the_whole_one(
    case_file: Callable[..., Path], tmp_path: Path
) -> None:
    export = case_file(*messy_rows())
    assert package(export, tmp_path / "whole", WHOLE) == 1
    assert package(export, tmp_path / "split", SMALL_PARTS) > 4
    whole, split = tables(tmp_path / "whole"), tables(tmp_path / "split")
    assert whole["referrals"].height > 100
    assert whole["practices"].height == 1
    for name, frame in whole.items():
        assert split[name].equals(frame), name
    assert rejects(tmp_path / "split") == rejects(tmp_path / "whole")
    # A referral id on two clients, in different parts, is rejected; two clients with one
    # NHS number stay two people offline, as a whole export's package keeps them.
    reasons = " ".join(r["reasons"] for r in rejects(tmp_path / "split"))
    assert "referral id 'R15-0' is already used on" in reasons
    assert "nhs number" not in reasons.lower()
    assert split["people"].height == 60 - 1  # C30, whose one row holds a formula, is left out


def test_the_parquet_copy_holds_every_part(case_file: Callable[..., Path], tmp_path: Path) -> None:
    export = case_file(*messy_rows())
    package(export, tmp_path / "p", SMALL_PARTS, parquet=True)
    for name, frame in tables(tmp_path / "p").items():
        copy = pl.read_parquet(tmp_path / "p" / "parquet" / f"{name}.parquet")
        assert copy.sort(copy.columns).equals(frame), name
    assert not list((tmp_path / "p" / "parquet").glob(".*"))


def test_a_large_export_with_problems_writes_no_package(
    case_file: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("linkwork.imports.harmonise.export_check.PART_BYTES", SMALL_PARTS)
    export = case_file(*messy_rows())
    with pytest.raises(CommandError, match=r"problem\(s\) found; nothing was written"):
        call_command("import", "package", "--profile", CASE.name, str(export), "--out",
                     str(tmp_path / "p"))  # fmt: skip
    assert not (tmp_path / "p").exists()
    assert list(tmp_path.iterdir()) == [export]


def test_the_offline_check_finds_problems_across_parts(
    case_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("linkwork.imports.harmonise.export_check.PART_BYTES", SMALL_PARTS)
    rows = messy_rows()
    out = io.StringIO()
    said = rf"problem\(s\) in {len(rows)} row\(s\); nothing was written"
    with pytest.raises(CommandError, match=said):
        call_command("import", "check", "--profile", CASE.name, str(case_file(*rows)), stdout=out)
    assert (
        f"caseload.csv row {ROWS['C50']}, Referral ID: referral id 'R15-0' is already used"
        in out.getvalue()
    )
