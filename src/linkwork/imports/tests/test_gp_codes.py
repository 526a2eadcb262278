"""The GP system profile reads the national social prescribing SNOMED CT codes (referral,
declined) and reports any other code as unmapped, never guessing what it means."""

from __future__ import annotations

import copy
import csv
import io
from datetime import date
from pathlib import Path

import pytest
import yaml

from linkwork.episodes.lifecycle import SNOMED_DECLINED, SNOMED_REFERRED, SNOMED_TERMS
from linkwork.imports.harmonise.pipeline import accepted_records, run_import
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import PROFILE_DIR, load_profile, parse_profile

from .conftest import EXAMPLES

GP = load_profile("gp-system-snomed")
HEADERS = [
    "NHS Number", "Date of Birth", "Gender", "Postcode", "Practice Code", "Event Date",
    "SNOMED Code", "Term", "Value",
]  # fmt: skip
PERSON = ["9434765919", "12/03/1958", "Female", "LS6 2AB", "B86001"]


def export(tmp_path: Path, *events: tuple[str, str, str]) -> Path:
    """A GP search export: one row per (date, code, value) for one person."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for day, code, value in events:
        writer.writerow([*PERSON, day, code, SNOMED_TERMS.get(code, "A term"), value])
    path = tmp_path / "search.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def codes(tmp_path: Path, *events: tuple[str, str, str]) -> list[str]:
    return [p.code for p in run_import(GP, [export(tmp_path, *events)]).report.problems]


def test_the_profile_reads_only_the_codes_linkwork_itself_records() -> None:
    """No SNOMED CT concept is written into the profile that the product does not already
    record for the GP record (episodes.lifecycle): nothing invented."""
    numeric = {code for code in GP.known_codes if code.isdigit()}
    assert numeric == {SNOMED_REFERRED, SNOMED_DECLINED}
    assert numeric <= set(SNOMED_TERMS)
    assert GP.codes_column == "SNOMED Code"


def test_a_declined_row_closes_the_referral_as_declined(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        ("06/01/2025", SNOMED_REFERRED, ""),
        ("20/01/2025", SNOMED_DECLINED, ""),
    )
    run = run_import(GP, [path])
    assert not run.report
    checked, _ = accepted_records(run)
    referral = checked.referrals["9434765919"]
    assert referral.values["received_on"] == date(2025, 1, 6)
    assert referral.values["closed_on"] == date(2025, 1, 20)
    assert referral.values["decline_reason"] == "other"


def test_the_declined_row_may_come_first(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        ("20/01/2025", SNOMED_DECLINED, ""),
        ("06/01/2025", SNOMED_REFERRED, ""),
    )
    checked, _ = accepted_records(run_import(GP, [path]))
    referral = checked.referrals["9434765919"]
    assert referral.values["received_on"] == date(2025, 1, 6)
    assert referral.values["closed_on"] == date(2025, 1, 20)


def test_a_declined_row_alone_is_a_declined_referral(tmp_path: Path) -> None:
    checked, _ = accepted_records(
        run_import(GP, [export(tmp_path, ("01/02/2025", SNOMED_DECLINED, ""))])
    )
    referral = checked.referrals["9434765919"]
    assert referral.values["received_on"] == referral.values["closed_on"] == date(2025, 2, 1)
    assert referral.values["decline_reason"] == "other"


def test_declined_before_the_referral_is_a_problem(tmp_path: Path) -> None:
    found = codes(
        tmp_path, ("06/01/2025", SNOMED_REFERRED, ""), ("01/01/2025", SNOMED_DECLINED, "")
    )
    assert found == ["closed_before_referral"]


def test_two_declined_rows_for_one_referral_are_a_duplicate(tmp_path: Path) -> None:
    found = codes(
        tmp_path,
        ("06/01/2025", SNOMED_REFERRED, ""),
        ("20/01/2025", SNOMED_DECLINED, ""),
        ("21/01/2025", SNOMED_DECLINED, ""),
    )
    assert found == ["duplicate_id"]


def test_an_unknown_code_is_reported_on_its_row_never_guessed(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        ("06/01/2025", SNOMED_REFERRED, ""),
        ("07/01/2025", "LOCAL-LETTER", "Sent"),
        ("08/01/2025", "", ""),
    )
    problems = run_import(GP, [path]).report.problems
    assert [(p.row, p.field, p.code) for p in problems] == [
        (3, "SNOMED Code", "unmapped_code"),
        (4, "SNOMED Code", "missing_value"),
    ]
    assert "'LOCAL-LETTER' is not a code the profile reads" in problems[0].message
    assert "codes.ignore" in problems[0].message


def test_a_code_the_profile_ignores_is_read_and_left_out(tmp_path: Path) -> None:
    data = yaml.safe_load((PROFILE_DIR / "gp-system-snomed.yaml").read_text(encoding="utf-8"))
    data["codes"]["ignore"] = ["local-letter"]
    profile = parse_profile(data, source="mine.yaml")
    path = export(tmp_path, ("06/01/2025", SNOMED_REFERRED, ""), ("07/01/2025", "LOCAL-LETTER", ""))
    run = run_import(profile, [path])
    assert not run.report
    assert [r.kind for r in run.records] == ["person", "referral", "person"]


def test_the_shipped_example_has_its_unknown_code_reported() -> None:
    run = run_import(GP, [EXAMPLES / "gp-system-snomed-example.csv"])
    unmapped = [p for p in run.report.problems if p.field == "SNOMED Code"]
    assert [(p.row, p.code) for p in unmapped] == [(17, "unmapped_code")]


def _gp_data() -> dict[str, object]:
    return copy.deepcopy(
        yaml.safe_load((PROFILE_DIR / "gp-system-snomed.yaml").read_text(encoding="utf-8"))
    )


def test_only_a_referral_block_can_complete_a_record() -> None:
    data = _gp_data()
    data["records"][3]["completes"] = True  # type: ignore[index]
    with pytest.raises(ImportInputError, match=r"records/3 \(session\)/completes: only a referral"):
        parse_profile(data, source="mine.yaml")


def test_a_code_column_no_block_reads_is_refused() -> None:
    data = _gp_data()
    data["codes"]["column"] = "Read Code"  # type: ignore[index]
    with pytest.raises(ImportInputError, match="codes/column: no record block reads 'Read Code'"):
        parse_profile(data, source="mine.yaml")


SWEMWBS_RAW = "LOCAL-SWEMWBS-RAW"


def test_a_referrals_first_score_by_date_is_its_baseline_each_later_a_review(
    tmp_path: Path,
) -> None:
    # Scores listed out of date order, as a search may list them.
    run = run_import(
        GP,
        [
            export(
                tmp_path,
                ("06-Jan-2025", SNOMED_REFERRED, ""),
                ("17-Mar-2025", SWEMWBS_RAW, "24"),
                ("13-Jan-2025", SWEMWBS_RAW, "19"),
                ("02-May-2025", SWEMWBS_RAW, "26"),
            )
        ],
    )
    assert not run.report.problems, run.report.lines()
    taken = sorted(
        (r.values["administered_on"], r.values["timepoint"])
        for r in run.records
        if r.kind == "questionnaire"
    )
    assert taken == [
        (date(2025, 1, 13), "baseline"),
        (date(2025, 3, 17), "review"),
        (date(2025, 5, 2), "review"),
    ]


def test_by_order_names_timepoint_codes_and_gives_only_a_timepoint() -> None:
    data = _gp_data()
    fields = data["records"][4]["fields"]  # type: ignore[index]
    fields["timepoint"] = {"by_order": ["baseline", "later"]}
    with pytest.raises(ImportInputError, match="'later' is not a timepoint code"):
        parse_profile(data, source="mine.yaml")
    data = _gp_data()
    data["records"][4]["fields"]["instrument"] = {"by_order": ["baseline", "review"]}  # type: ignore[index]
    with pytest.raises(ImportInputError, match="by_order gives only a questionnaire's timepoint"):
        parse_profile(data, source="mine.yaml")
