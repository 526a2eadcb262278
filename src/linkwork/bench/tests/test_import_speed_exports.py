"""The exports `make bench-import` generates: the clean one has no problem, and the dirty one,
of the same volume, has the problems it says in the shares it says."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from linkwork.bench.import_speed import DIRTY_CYCLE, _export
from linkwork.imports.harmonise.pipeline import run_import
from linkwork.imports.harmonise.profile import load_profile
from linkwork.testing.nhs_numbers import nhs_numbers

ROWS = 2 * DIRTY_CYCLE


def test_the_clean_export_has_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "clean.csv"
    _export(path, ROWS, numbers=nhs_numbers(ROWS))
    run = run_import(load_profile("case-management"), [path])
    assert run.rows_read() == ROWS
    assert not run.report, run.report.lines()[:3]


def test_the_dirty_export_has_one_problem_row_in_ten_of_each_kind(tmp_path: Path) -> None:
    path = tmp_path / "dirty.csv"
    _export(path, ROWS, numbers=nhs_numbers(ROWS), dirty=True, prefix="D")
    run = run_import(load_profile("case-management"), [path])
    assert run.rows_read() == ROWS
    kinds = Counter(p.code for p in run.report.problems)
    assert kinds == {
        "invalid_nhs_number": 2,
        "invalid_date": 2,
        "unmapped_code": 2,
        "duplicate_row": 2,
    }
    assert len(run.bad_rows()) == ROWS // 10
