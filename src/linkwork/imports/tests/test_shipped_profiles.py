"""Each shipped profile reads its own example export into a package the evaluation can read."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from linkwork.evaluation.dataset.package import read_package
from linkwork.imports.harmonise.dataset import SchemeInfo
from linkwork.imports.harmonise.package_writer import package_export
from linkwork.imports.harmonise.profile import PROFILE_DIR, load_profile, shipped_profiles
from linkwork.imports.harmonise.template import TEMPLATE_SHEETS, write_template

from .conftest import EXAMPLES

SCHEME = SchemeInfo("scheme-1", "Example scheme", "Example region", "england")
KEY = b"k" * 32

# Profile -> (example file, rows rejected, referrals, sessions, questionnaires written).
EXPECTED = {
    "case-management": ("case-management-example.csv", {4, 5, 6, 7}, 4, 3, 2),
    "gp-system-snomed": ("gp-system-snomed-example.csv", {8, 9, 10, 11, 13, 17}, 5, 2, 2),
    "linkwork-template": ("linkwork-template-example.xlsx", None, 1, 2, 2),
}


def test_three_profiles_are_shipped() -> None:
    assert sorted(p.stem for p in shipped_profiles()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_profile_says_where_its_layout_comes_from(name: str) -> None:
    profile = load_profile(name)
    if name == "linkwork-template":
        assert "no vendor's layout" in profile.provenance
    else:
        assert "public documentation" in profile.provenance
        assert "not any vendor's full export layout" in profile.provenance or (
            "not either vendor's full export layout" in profile.provenance
        )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_profile_packages_its_own_example(name: str, tmp_path: Path) -> None:
    file, rejected_rows, referrals, sessions, questionnaires = EXPECTED[name]
    source = EXAMPLES / file
    out, rejects = tmp_path / "package", tmp_path / "rejects.csv"
    problems: list[int] = []
    result = package_export(
        profile=load_profile(name),
        paths=[source],
        out_dir=out,
        scheme=SCHEME,
        key=KEY,
        skip_invalid=True,
        rejects_path=rejects,
        checked=lambda check: problems.append(len(check.report.problems)),
    )
    assert problems[0], "the examples carry realistic mistakes"
    tables = read_package(out)
    assert tables["referrals"].height == referrals
    assert tables["encounters"].height == sessions
    assert tables["outcome_scores"].height == questionnaires
    assert result.rows["referrals"] == referrals
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["reasons"] for row in rows)
    if rejected_rows is not None:
        assert {int(row["row"]) for row in rows} == rejected_rows
    meta = json.loads((out / "datapackage.json").read_text())["x-linkwork"]
    assert meta["profile"] == name
    assert meta["rows_rejected"] == len(rows)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_identifier_reaches_the_package(name: str, tmp_path: Path) -> None:
    file = EXPECTED[name][0]
    source = EXAMPLES / file
    package_export(
        profile=load_profile(name),
        paths=[source],
        out_dir=tmp_path / "p",
        scheme=SCHEME,
        key=KEY,
        skip_invalid=True,
        rejects_path=tmp_path / "r.csv",
    )
    written = "".join(p.read_text() for p in (tmp_path / "p" / "data").glob("*.csv"))
    for number in ("9990000387", "9990000751", "9990003718", "LS6 2AB", "R1001", "C001"):
        assert number not in written


def test_the_shipped_template_is_the_one_the_code_writes(tmp_path: Path) -> None:
    fresh = tmp_path / "template.xlsx"
    write_template(fresh)
    assert fresh.read_bytes() == (PROFILE_DIR / "linkwork-template.xlsx").read_bytes()


def test_the_template_profile_reads_every_template_column() -> None:
    profile = load_profile("linkwork-template")
    by_role = dict(profile.sheets)
    for block in profile.records:
        headers = {h for h, _ in TEMPLATE_SHEETS[by_role[block.file_role]]}
        assert block.columns() == headers, block.kind
