"""The report reads a package without the columns it never uses (analysis.data.NOT_READ):
with them left out, every section comes out the same, costs and outcomes included."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from linkwork.evaluation.analysis.data import NOT_READ, EvaluationData
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.tests.test_analysis import tables
from linkwork.evaluation.tests.test_costs import costs, with_costs


def without_unread(data: EvaluationData) -> EvaluationData:
    return EvaluationData(
        tables={
            name: frame.drop(NOT_READ.get(name, ()), strict=True)
            for name, frame in data.tables.items()
        },
        reference_date=data.reference_date,
        set_aside=data.set_aside,
    )


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in report.items() if key != "generated_at"}


@pytest.mark.parametrize("audience", ["scheme", "external"])
def test_every_section_is_the_same_without_the_unread_columns(audience: str) -> None:
    year = (date(2025, 4, 1), date(2026, 3, 31))
    data = with_costs(tables(12), costs([("s1", *year, "staff", 4_000_000)]))
    full = build_report(data, audience=audience, threshold=2 if audience == "external" else None)
    assert full["costs"]["overall"] is not None  # the cost section ran
    assert full["outcomes"]  # and the outcomes
    narrow = build_report(
        without_unread(data),
        audience=audience,
        threshold=2 if audience == "external" else None,
    )
    assert comparable(narrow) == comparable(full)
