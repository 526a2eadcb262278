"""Files and profiles that cannot be read as the profile says: each gets a clear message
naming the problem and what to do, and nothing is written."""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.imports.harmonise.pipeline import run_import
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import PROFILE_DIR, load_profile, parse_profile
from linkwork.imports.harmonise.template import TEMPLATE_SHEETS
from linkwork.imports.harmonise.xlsx import write_xlsx

from .conftest import CASE_HEADERS, EXAMPLES, GOOD_ROW

CASE = load_profile("case-management")


def refused(profile_name: str, *paths: Path) -> ImportInputError:
    with pytest.raises(ImportInputError) as caught:
        run_import(load_profile(profile_name), list(paths))
    return caught.value


def test_utf16_is_refused_with_how_to_save_it(case_file: Callable[..., Path]) -> None:
    error = refused("case-management", case_file(GOOD_ROW, encoding="utf-16"))
    assert error.code == "wrong_encoding"
    assert "caseload.csv looks like UTF-16" in error.message
    assert "CSV UTF-8" in error.message


def test_utf16_without_a_byte_order_mark_is_still_called_utf16(tmp_path: Path) -> None:
    path = tmp_path / "caseload.csv"
    path.write_bytes("Client ID,Referral ID\r\nC1,R1\r\n".encode("utf-16-le"))
    error = refused("case-management", path)
    assert error.code == "wrong_encoding"
    assert "caseload.csv looks like UTF-16" in error.message


# The first bytes of files people pick by mistake, then what a file of that kind holds.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x86\x00\x00\x00\xc8\x08\x06"


@pytest.mark.parametrize(
    ("content", "looks_like"),
    [
        (PNG + bytes(range(256)) * 4, "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "a PDF document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(100), "a JPEG image"),
        (b"\x00\x01\x02\x03Client ID\x00\x00\x00\x07" * 50, "a binary file, not text"),
    ],
)
def test_a_binary_file_named_csv_is_refused_saying_what_it_looks_like(
    tmp_path: Path, content: bytes, looks_like: str
) -> None:
    path = tmp_path / "caseload.csv"
    path.write_bytes(content)
    error = refused("case-management", path)
    assert error.code == "not_text"
    assert error.message.startswith(
        f"caseload.csv is not a text CSV file (it looks like {looks_like}); export the data as CSV"
    )


def test_a_picture_given_to_the_excel_profile_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(PNG + bytes(64))
    error = refused("linkwork-template", path)
    assert "book.xlsx is not an Excel workbook (it looks like a PNG image)" in error.message


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Client ID,Referral ID\r\nC1,R\x81\r\n")
    error = refused("case-management", path)
    assert error.code == "wrong_encoding"
    assert "odd.csv is neither UTF-8 nor Windows-1252" in error.message
    assert "0x81" in error.message


def test_windows_1252_is_read_and_said(case_file: Callable[..., Path]) -> None:
    row = {**GOOD_ROW, "Connected To": "Café Connect", "Connection Date": "20/01/2025"}
    run = run_import(CASE, [case_file(row, encoding="cp1252")])
    assert not run.report
    assert run.notes == ["caseload.csv was read as Windows-1252 text (it is not UTF-8)."]
    assert any(r.values.get("service_name") == "Café Connect" for r in run.records)


def test_a_missing_column_is_named(case_file: Callable[..., Path]) -> None:
    headers = [h for h in CASE_HEADERS if h != "Closure Reason"]
    error = refused("case-management", case_file(GOOD_ROW, headers=headers))
    assert error.code == "missing_column"
    assert "caseload.csv lacks the column(s) 'Closure Reason'" in error.message


def test_a_file_for_another_profile_is_a_mismatch(case_file: Callable[..., Path]) -> None:
    error = refused("gp-system-snomed", case_file(GOOD_ROW))
    assert error.code == "profile_mismatch"
    assert "does not match the profile 'gp-system-snomed'" in error.message
    assert "it lacks 7 of the 8 columns the profile reads (" in error.message
    # The columns it lacks are named, then the ones it has.
    assert "Event Date" in error.message.split("; its own columns are")[0]
    assert "`" not in error.message


def test_an_excel_file_given_to_a_csv_profile_is_a_mismatch() -> None:
    error = refused("case-management", EXAMPLES / "linkwork-template-example.xlsx")
    assert error.code == "profile_mismatch"
    assert "is an Excel workbook, but the profile reads CSV" in error.message


def test_a_csv_given_to_the_excel_profile_is_a_mismatch(case_file: Callable[..., Path]) -> None:
    error = refused("linkwork-template", case_file(GOOD_ROW))
    assert error.code == "profile_mismatch"
    assert "not an Excel workbook" in error.message


def test_formula_cells_are_problems_not_values(case_file: Callable[..., Path]) -> None:
    run = run_import(CASE, [case_file({**GOOD_ROW, "SWEMWBS Total": "=SUM(Q2:W2)"})])
    [problem] = run.report.problems
    assert (problem.row, problem.field, problem.code) == (2, "SWEMWBS Total", "formula_cell")
    assert "export the values, not the formulas" in problem.message
    assert not run.records


def test_a_negative_or_international_number_is_not_a_formula(
    case_file: Callable[..., Path],
) -> None:
    run = run_import(CASE, [case_file({**GOOD_ROW, "Post Code": "-", "Client ID": "+44-1"})])
    assert all(p.code != "formula_cell" for p in run.report.problems)


def test_a_heading_used_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("Client ID,Client ID\r\nC1,C2\r\n")
    error = refused("case-management", path)
    assert error.code == "duplicate_column"
    assert "two columns called 'Client ID'" in error.message


def test_a_ragged_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(",".join(CASE_HEADERS) + "\r\n" + "x," * 40 + "\r\n")
    error = refused("case-management", path)
    assert error.code == "unreadable_csv", error.message
    assert "ragged.csv is not a readable CSV file" in error.message


def test_a_row_cut_short_is_refused_not_padded(case_file: Callable[..., Path]) -> None:
    # Row 3 lost its last cells (SWEMWBS, connection, gain): read, it would import without them.
    path = case_file(GOOD_ROW, {**GOOD_ROW, "Client ID": "C2", "Referral ID": "R2"})
    lines = path.read_bytes().decode().split("\r\n")
    lines[2] = ",".join(lines[2].split(",")[:15])
    lines[1] = lines[1] + "\r\n"  # a blank line between: still counted, as a spreadsheet would
    path.write_bytes("\r\n".join(lines).encode())
    error = refused("case-management", path)
    assert error.code == "short_row"
    assert error.message.startswith("caseload.csv row 4 has 15 cells where the header has 29")
    assert "more rows" not in error.message


def _template_rows() -> dict[str, Any]:
    return json.loads((PROFILE_DIR / "linkwork-template.json").read_text())


def test_several_sheets_need_the_profile_to_name_one(tmp_path: Path) -> None:
    data = _template_rows()
    data["format"].pop("sheets")
    data["records"] = [
        {k: v for k, v in block.items() if k != "file"} for block in data["records"][:1]
    ]
    profile = parse_profile(data, source="one-sheet.json")
    with pytest.raises(ImportInputError) as caught:
        run_import(profile, [EXAMPLES / "linkwork-template-example.xlsx"])
    assert caught.value.code == "several_sheets"
    assert "has 7 sheets (Guidance, People, Referrals" in caught.value.message
    assert "Keep the data on one sheet" in caught.value.message


def test_a_missing_sheet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    write_xlsx(path, {"Sheet1": [["Person ID"], ["P1"]]})
    error = refused("linkwork-template", path)
    assert error.code == "profile_mismatch"
    assert "book.xlsx has no sheet called 'People' (it has Sheet1)" in error.message


def test_merged_cells_are_refused(tmp_path: Path) -> None:
    sheets = {name: [[h for h, _ in cols]] for name, cols in TEMPLATE_SHEETS.items()}
    sheets["People"].append(["P1", "9434765919", "", "01/01/1960", "Female", "", ""])
    path = tmp_path / "merged.xlsx"
    write_xlsx(path, sheets, merged={"People": ["D2:E2"]})
    error = refused("linkwork-template", path)
    assert error.code == "merged_cells"
    assert "merged.xlsx, sheet 'People' has merged cells (D2:E2)" in error.message
    assert "Unmerge Cells" in error.message


def test_a_profile_that_breaks_the_schema_lists_every_problem() -> None:
    data = copy.deepcopy(_template_rows())
    del data["provenance"]
    data["format"]["kind"] = "tsv"
    with pytest.raises(ImportInputError) as caught:
        parse_profile(data, source="mine.json")
    message = caught.value.message
    assert message.startswith("The profile mine.json is not valid")
    assert 'the top level of the profile: the key "provenance" is missing; add it.' in message
    assert 'format.kind: "tsv" is not allowed; use one of csv, xlsx.' in message


def test_a_profile_mapping_to_codes_linkwork_lacks_is_refused() -> None:
    data = copy.deepcopy(_template_rows())
    data["value_maps"]["sex"]["values"]["W"] = "woman"
    data["records"][0]["fields"]["shoe_size"] = {"column": "Shoes"}
    with pytest.raises(ImportInputError) as caught:
        parse_profile(data, source="mine.json")
    assert "value_maps/sex/values/W: 'woman' is not a sex code" in caught.value.message
    assert "records/0 (person)/fields/shoe_size: not a person field" in caught.value.message


def test_a_coded_column_without_a_value_map_is_refused() -> None:
    data = copy.deepcopy(_template_rows())
    data["records"][0]["fields"]["sex"] = {"column": "Sex"}
    with pytest.raises(ImportInputError, match="a coded field needs a value map"):
        parse_profile(data, source="mine.json")


def test_an_unknown_profile_lists_the_shipped_ones() -> None:
    with pytest.raises(CommandError, match=r"No profile called 'emis'.*case-management"):
        call_command("import", "check", "--profile", "emis", "x.csv")


def test_a_broken_id_template_is_named() -> None:
    data = copy.deepcopy(_template_rows())
    data["records"][2]["fields"]["session_ref"] = {"template": "{Session ID"}
    where = r"records/2 \(session\)/fields/session_ref/template"
    with pytest.raises(ImportInputError, match=where):
        parse_profile(data, source="mine.json")


def test_an_unclosed_quote_running_into_one_huge_cell_is_refused_naming_the_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "caseload.csv"
    header = ",".join(CASE_HEADERS)
    good = ",".join(GOOD_ROW.get(h, "") for h in CASE_HEADERS)
    path.write_text(f'{header}\n{good}\nC2,"R2 {"x" * 200_000}\n', encoding="utf-8")
    error = refused("case-management", path)
    assert error.code == "unreadable_csv", error.message
    assert "caseload.csv line 3 has a cell longer than 131,072 characters" in error.message
    assert "check that its quotes are closed" in error.message


def test_the_cell_limit_holds_whatever_another_library_set_the_csv_modules_to(
    tmp_path: Path,
) -> None:
    """The csv module's limit is process-wide, and a library loaded in the same process may
    raise it: the import's own limit holds either way."""
    path = tmp_path / "caseload.csv"
    header = ",".join(CASE_HEADERS)
    path.write_text(f'{header}\nC2,"R2 {"x" * 200_000}\n', encoding="utf-8")
    before = csv.field_size_limit(10_000_000)
    try:
        error = refused("case-management", path)
    finally:
        csv.field_size_limit(before)
    assert "line 2 has a cell longer than 131,072 characters" in error.message
