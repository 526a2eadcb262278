"""The `linkwork import` commands other than check and package's failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from linkwork.evaluation.dataset.package import read_package
from linkwork.imports.harmonise.pipeline import run_import
from linkwork.imports.harmonise.profile import PROFILE_DIR, load_profile
from linkwork.imports.harmonise.template import TEMPLATE_SHEETS
from linkwork.imports.harmonise.xlsx import write_xlsx

from .conftest import EXAMPLES


def test_profile_list_names_the_shipped_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import", "profile", "list")
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == [
        "case-management",
        "gp-system-snomed",
        "linkwork-template",
    ]


def test_profile_template_writes_the_shipped_template(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    call_command("import", "profile", "template", "--out", str(out))
    assert out.read_bytes() == (PROFILE_DIR / "linkwork-template.xlsx").read_bytes()


def test_package_command_names_the_scheme_and_reuses_a_key(tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_bytes(b"s" * 32)
    source = EXAMPLES / "linkwork-template-example.xlsx"
    for out in ("a", "b"):
        call_command(
            "import",
            "package",
            "--profile",
            "linkwork-template",
            str(source),
            "--out",
            str(tmp_path / out),
            "--skip-invalid",
            "--scheme-id",
            "north",
            "--scheme-name",
            "North Links",
            "--region",
            "North",
            "--key-file",
            str(key),
        )
    first, second = read_package(tmp_path / "a"), read_package(tmp_path / "b")
    assert first["schemes"].row(0, named=True)["scheme_name"] == "North Links"
    assert first["referrals"]["person"].to_list() == second["referrals"]["person"].to_list()
    gain = first["financial_gains"].row(0, named=True)
    assert gain["amount_pence"] == 125000
    assert gain["annual"] is True
    assert gain["gain_type"] == "benefit_award"


def test_chi_numbers_are_checked(tmp_path: Path) -> None:
    sheets = {name: [[h for h, _ in cols]] for name, cols in TEMPLATE_SHEETS.items()}
    sheets["People"] += [
        ["P1", "", "0101011237", "01/01/2001", "Female", "", ""],
        ["P2", "", "0101011238", "01/01/2001", "Female", "", ""],
    ]
    path = tmp_path / "scotland.xlsx"
    write_xlsx(path, sheets)
    run = run_import(load_profile("linkwork-template"), [path])
    [problem] = run.report.problems
    assert (problem.row, problem.field, problem.code) == (3, "CHI number", "invalid_chi_number")
    assert "This CHI number is not valid" in problem.message
