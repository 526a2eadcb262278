"""The dry run names file, row and field for every problem, counts them, and writes nothing;
a package is all or nothing unless --skip-invalid, which writes a rejects file."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.imports.harmonise.dataset import SchemeInfo
from linkwork.imports.harmonise.package_writer import package_export
from linkwork.imports.harmonise.pipeline import run_import
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import load_profile

from .conftest import EXAMPLES, GOOD_ROW

CASE = load_profile("case-management")
SCHEME = SchemeInfo("s", "Scheme", "Region")


def codes_at(path: Path) -> dict[tuple[int, str], str]:
    run = run_import(CASE, [path])
    return {(p.row, p.field): p.code for p in run.report.problems}


def test_a_clean_file_has_no_problems(case_file: Callable[..., Path]) -> None:
    run = run_import(CASE, [case_file(GOOD_ROW)])
    assert not run.report
    assert {r.kind for r in run.records} == {"person", "referral", "session", "questionnaire"}


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"NHS No": "943 476 5918"}, "NHS No", "invalid_nhs_number"),
        ({"Referral Date": "31/02/2025"}, "Referral Date", "invalid_date"),
        ({"Referral Source": "Pharmacy"}, "Referral Source", "unmapped_code"),
        ({"Referral Reason(s)": "Loneliness; Gardening"}, "Referral Reason(s)", "unmapped_code"),
        ({"First Contact Date": "02/01/2025"}, "First Contact Date", "session_before_referral"),
        ({"SWEMWBS Q3": "6"}, "SWEMWBS Q3", "item_out_of_range"),
        ({"Referral Date": ""}, "Referral Date", "missing_value"),
        ({"DOB": "04/01/2025"}, "DOB", "date_of_birth_after_referral"),
        ({"Contact Method": '=HYPERLINK("x")'}, "Contact Method", "formula_cell"),
    ],
)
def test_each_problem_names_its_row_and_field(
    case_file: Callable[..., Path], change: dict[str, str], field: str, code: str
) -> None:
    path = case_file(GOOD_ROW, {**GOOD_ROW, "Client ID": "C2", "Referral ID": "R2", **change})
    assert codes_at(path).get((3, field)) == code
    assert not any(row == 2 for row, _ in codes_at(path))


def test_a_referral_id_used_twice_is_a_duplicate_id(case_file: Callable[..., Path]) -> None:
    path = case_file(GOOD_ROW, {**GOOD_ROW, "Client ID": "C2"})
    assert codes_at(path)[(3, "Referral ID")] == "duplicate_id"


def test_a_repeated_row_is_reported_once_as_a_repeat(case_file: Callable[..., Path]) -> None:
    run = run_import(CASE, [case_file(GOOD_ROW, GOOD_ROW)])
    assert [(p.row, p.code) for p in run.report.problems] == [(3, "duplicate_row")]
    assert "repeats row 2 exactly" in run.report.problems[0].message


def test_rows_that_differ_only_in_padding_are_repeats(case_file: Callable[..., Path]) -> None:
    padded = {**GOOD_ROW, "Referral Source": f" {GOOD_ROW['Referral Source']} "}
    run = run_import(CASE, [case_file(GOOD_ROW, padded)])
    assert [(p.row, p.code) for p in run.report.problems] == [(3, "duplicate_row")]


def test_cells_moved_between_columns_are_not_a_repeat(case_file: Callable[..., Path]) -> None:
    # The same text, split across two columns at another place, is another row.
    first = {**GOOD_ROW, "Client ID": "C1x", "Referral ID": "R1"}
    second = {**GOOD_ROW, "Client ID": "C1", "Referral ID": "xR1"}
    run = run_import(CASE, [case_file(first, second)])
    assert "duplicate_row" not in {p.code for p in run.report.problems}


def test_the_report_lists_file_row_field_then_counts(case_file: Callable[..., Path]) -> None:
    path = case_file(
        GOOD_ROW,
        {**GOOD_ROW, "Referral ID": "R2", "NHS No": "1234567890", "Referral Source": "Pharmacy"},
        {**GOOD_ROW, "Referral ID": "R3", "Referral Source": "Pharmacy"},
    )
    lines = run_import(CASE, [path]).report.lines()
    assert lines[0].startswith("caseload.csv row 3, NHS No: '1234567890'")
    assert (
        "caseload.csv row 4, Referral Source: 'Pharmacy' is not a referral source the profile knows"
        in lines[2]
    )
    assert "       2  A value the profile does not know (unmapped_code)" in lines
    assert "       1  NHS number not valid (invalid_nhs_number)" in lines


def test_check_command_prints_the_report_and_fails(
    case_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = case_file(GOOD_ROW, {**GOOD_ROW, "Referral ID": "R2", "Referral Date": "31/02/2025"})
    with pytest.raises(CommandError, match=r"1 problem\(s\) in 2 row\(s\); nothing was written"):
        call_command("import", "check", "--profile", "case-management", str(path))
    out = capsys.readouterr().out
    assert "caseload.csv row 3, Referral Date: '31/02/2025' is not a date" in out
    assert "1  Date not readable or impossible (invalid_date)" in out


def test_check_command_passes_a_clean_file(
    case_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("import", "check", "--profile", "case-management", str(case_file(GOOD_ROW)))
    assert "No problems in 1 row(s)" in capsys.readouterr().out


def test_errors_write_nothing(case_file: Callable[..., Path], tmp_path: Path) -> None:
    path = case_file(GOOD_ROW, {**GOOD_ROW, "Referral ID": "R2", "NHS No": "1234567890"})
    out, rejects = tmp_path / "package", tmp_path / "package-rejects.csv"
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import", "package", "--profile", "case-management", str(path), "--out", str(out)
        )
    assert not out.exists()
    assert not rejects.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["caseload.csv"]


def test_skip_invalid_writes_the_valid_rows_and_rejects_with_reasons(
    case_file: Callable[..., Path], tmp_path: Path
) -> None:
    bad = {**GOOD_ROW, "Client ID": "C2", "Referral ID": "=cmd|'/C calc'!A0"}
    path = case_file(GOOD_ROW, bad)
    out = tmp_path / "package"
    call_command(
        "import",
        "package",
        "--profile",
        "case-management",
        str(path),
        "--out",
        str(out),
        "--skip-invalid",
    )
    assert (out / "datapackage.json").is_file()
    assert (out / "data" / "referrals.csv").read_text().count("\n") == 2  # header + R1
    with (tmp_path / "package-rejects.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert rows[0]["row"] == "3"
    assert "Referral ID: " in rows[0]["reasons"]
    assert "formula" in rows[0]["reasons"]
    # The formula is data in the rejects file, never a formula for the spreadsheet.
    assert rows[0]["Referral ID"] == "'=cmd|'/C calc'!A0"


def test_a_session_whose_referral_is_rejected_goes_too(tmp_path: Path) -> None:
    source = EXAMPLES / "linkwork-template-example.xlsx"
    rejects = tmp_path / "r.csv"
    package_export(
        profile=load_profile("linkwork-template"),
        paths=[source],
        out_dir=tmp_path / "p",
        scheme=SCHEME,
        key=b"k" * 32,
        skip_invalid=True,
        rejects_path=rejects,
    )
    with rejects.open(encoding="utf-8") as handle:
        rows = {(r["file"], r["row"]): r["reasons"] for r in csv.DictReader(handle)}
    assert (
        "referral 'R02' has problems of its own"
        in rows[("linkwork-template-example.xlsx[Sessions]", "4")]
    )


def test_a_package_never_overwrites_a_directory(
    case_file: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "package"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(ImportInputError, match="already exists and is not empty"):
        package_export(
            profile=CASE,
            paths=[case_file(GOOD_ROW)],
            out_dir=out,
            scheme=SCHEME,
            key=b"k" * 32,
            skip_invalid=False,
            rejects_path=None,
        )
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_a_package_never_overwrites_an_earlier_rejects_file(
    case_file: Callable[..., Path], tmp_path: Path
) -> None:
    rejects = tmp_path / "package-rejects.csv"
    rejects.write_text("earlier")
    path = case_file(GOOD_ROW, {**GOOD_ROW, "Referral ID": "R2", "NHS No": "1"})
    with pytest.raises(CommandError, match=r"package-rejects\.csv already exists"):
        call_command(
            "import",
            "package",
            "--profile",
            "case-management",
            str(path),
            "--out",
            str(tmp_path / "package"),
            "--skip-invalid",
        )
    assert rejects.read_text() == "earlier"
    assert not (tmp_path / "package").exists()
