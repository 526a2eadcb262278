"""A profile can read an export that comes as several files, each with its own role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from linkwork.imports.harmonise.pipeline import run_import
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import parse_profile

PROFILE: dict[str, Any] = {
    "profile": "two-files",
    "title": "People and referrals in two files",
    "provenance": "A layout made up for this test.",
    "format": {"kind": "csv", "date_formats": ["%d/%m/%Y"]},
    "files": {"people": "*people*.csv", "referrals": "*referrals*.csv"},
    "records": [
        {
            "kind": "person",
            "file": "people",
            "fields": {"person_ref": {"column": "Id"}, "nhs_number": {"column": "NHS"}},
        },
        {
            "kind": "referral",
            "file": "referrals",
            "fields": {
                "referral_ref": {"column": "Ref"},
                "person_ref": {"column": "Person"},
                "received_on": {"column": "Received"},
                "source": {"value": "gp"},
            },
        },
        {
            "kind": "questionnaire",
            "file": "referrals",
            "when_present": "Instrument",
            "fields": {
                "administration_ref": {"template": "{Ref}-q"},
                "referral_ref": {"column": "Ref"},
                "instrument": {"column": "Instrument"},
                "administered_on": {"column": "Received"},
                "total": {"column": "Score"},
            },
        },
    ],
}


def files(tmp_path: Path, people: str, referrals: str) -> list[Path]:
    (tmp_path / "our-people.csv").write_text("Id,NHS\n" + people)
    header = "Ref,Person,Received,Instrument,Score\n"
    (tmp_path / "our-referrals.csv").write_text(header + referrals)
    return [tmp_path / "our-people.csv", tmp_path / "our-referrals.csv"]


def test_records_join_across_files(tmp_path: Path) -> None:
    paths = files(tmp_path, "P1,9434765919\n", "R1,P1,03/01/2025,wemwbs,50\n")
    run = run_import(parse_profile(PROFILE, source="test"), paths)
    assert not run.report
    assert sorted(r.kind for r in run.records) == ["person", "questionnaire", "referral"]


def test_a_person_with_two_nhs_numbers_is_a_conflict(tmp_path: Path) -> None:
    paths = files(tmp_path, "P1,9434765919\nP1,9990000018\n", "R1,P1,03/01/2025,,\n")
    [problem] = run_import(parse_profile(PROFILE, source="test"), paths).report.problems
    assert (problem.file, problem.row, problem.code) == ("our-people.csv", 3, "conflicting_person")
    assert "person 'P1' has NHS number 9990000018 here but 9434765919" in problem.message


def test_an_instrument_the_engine_lacks_is_named(tmp_path: Path) -> None:
    paths = files(tmp_path, "P1,9434765919\n", "R1,P1,03/01/2025,happiness-index,5\n")
    [problem] = run_import(parse_profile(PROFILE, source="test"), paths).report.problems
    assert (problem.field, problem.code) == ("Instrument", "unknown_instrument")
    assert "'happiness-index' is not an instrument the scoring engine knows" in problem.message


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    paths = files(tmp_path, "P1,9434765919\n", "")
    with pytest.raises(ImportInputError, match=r"needs a referrals file \(named like"):
        run_import(parse_profile(PROFILE, source="test"), paths[:1])


def test_a_file_with_no_role_is_named(tmp_path: Path) -> None:
    paths = files(tmp_path, "P1,9434765919\n", "")
    other = tmp_path / "sessions.csv"
    other.write_text("x\n")
    with pytest.raises(ImportInputError, match=r"sessions\.csv matches none of the files"):
        run_import(parse_profile(PROFILE, source="test"), [*paths, other])
