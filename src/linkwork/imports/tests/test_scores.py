"""Scores are recomputed by the scoring engine from item answers, and a source total that
disagrees is reported; a total alone is checked against the instrument's range."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from linkwork.imports.harmonise.checks import check_records
from linkwork.imports.harmonise.pipeline import run_import
from linkwork.imports.harmonise.profile import load_profile

from .conftest import GOOD_ROW

CASE = load_profile("case-management")


def test_a_wrong_source_total_is_reported_with_the_recomputed_score(
    case_file: Callable[..., Path],
) -> None:
    run = run_import(CASE, [case_file({**GOOD_ROW, "SWEMWBS Total": "24"})])
    [problem] = run.report.problems
    assert (problem.row, problem.field, problem.code) == (2, "SWEMWBS Total", "score_mismatch")
    assert "the source's total is 24 but the item answers score 21" in problem.message
    assert "recomputed by the scoring engine" in problem.message


def test_items_without_a_total_are_scored(case_file: Callable[..., Path]) -> None:
    run = run_import(CASE, [case_file({**GOOD_ROW, "SWEMWBS Total": ""})])
    assert not run.report
    checked = check_records(run.records)
    [scored] = checked.scored.values()
    assert scored.recomputed
    assert scored.total == 21
    assert scored.metric == 19.25  # the published SWEMWBS conversion of a raw 21


def test_a_total_alone_outside_the_range_is_reported(case_file: Callable[..., Path]) -> None:
    row = {**GOOD_ROW, **{f"SWEMWBS Q{i}": "" for i in range(1, 8)}, "SWEMWBS Total": "36"}
    [problem] = run_import(CASE, [case_file(row)]).report.problems
    assert problem.code == "score_out_of_range"
    assert "totals run from 7 to 35; the source says 36" in problem.message


def test_a_total_alone_inside_the_range_is_kept(case_file: Callable[..., Path]) -> None:
    row = {**GOOD_ROW, **{f"SWEMWBS Q{i}": "" for i in range(1, 8)}, "SWEMWBS Total": "21"}
    run = run_import(CASE, [case_file(row)])
    assert not run.report
    [scored] = check_records(run.records).scored.values()
    assert not scored.recomputed
    assert (scored.total, scored.metric) == (21, 19.25)
