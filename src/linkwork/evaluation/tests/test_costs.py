"""Cost and efficiency in the evaluation: cost per referral, person supported, session and
person improved (with the share's interval carried to the cost), by scheme and delivery
model, and how an outside audience sees them."""

from __future__ import annotations

from datetime import date

import polars as pl

from linkwork.evaluation.analysis.costs import cost_efficiency
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.dataset.extract import frame
from linkwork.evaluation.dataset.spec import TABLE_BY_NAME
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.report.html import render_html
from linkwork.evaluation.tests.test_analysis import BASELINES, FOLLOW_UPS, tables
from linkwork.evaluation.tests.test_disclosure_attacks import world
from linkwork.stats import wilson_interval

SWEMWBS_MIC = 3  # the minimal important change the outcomes analysis uses for SWEMWBS


def costs(rows: list[tuple[str, date, date, str, int]]) -> pl.DataFrame:
    return frame(
        TABLE_BY_NAME["scheme_costs"],
        [
            {
                "scheme_id": s,
                "period_start": start,
                "period_end": end,
                "category": category,
                "amount_pence": pence,
            }
            for s, start, end, category, pence in rows
        ],
        identifiable=False,
    )


def with_costs(data_tables: dict[str, pl.DataFrame], cost_rows: pl.DataFrame) -> EvaluationData:
    return EvaluationData(
        tables={**data_tables, "scheme_costs": cost_rows}, reference_date=date(2026, 6, 1)
    )


def test_costs_per_unit_and_the_interval_on_the_share_improved() -> None:
    year = (date(2025, 4, 1), date(2026, 3, 31))
    data = with_costs(
        tables(12),
        costs([("s1", *year, "staff", 4_000_000), ("s1", *year, "overheads", 800_000)]),
    )
    result = cost_efficiency(data)
    [row] = result["by_scheme"]
    assert row["cost"] == 48_000
    assert (row["referrals"], row["n"], row["sessions"]) == (12, 12, 12)
    assert row["cost_per_referral"] == 4000
    assert row["cost_per_session"] == 4000
    improved = sum(1 for b, f in zip(BASELINES, FOLLOW_UPS, strict=True) if f - b >= SWEMWBS_MIC)
    assert (row["assessed"], row["improved"]) == (12, improved)
    assert row["cost_per_improved"] == round(48_000 / (12 * improved / 12))
    ci = wilson_interval(improved, 12)
    assert row["cost_per_improved_low"] == round(48_000 / (12 * ci.high))
    assert row["cost_per_improved_high"] == round(48_000 / (12 * ci.low))
    assert row["cost_per_improved_low"] < row["cost_per_improved"] < row["cost_per_improved_high"]
    assert result["by_delivery_model"][0]["group"] == "3"
    assert result["overall"]["cost"] == 48_000


def test_activity_outside_the_costed_periods_does_not_count() -> None:
    # The referrals were received on 1 January 2026: a cost for 2024-25 has none against it.
    data = with_costs(tables(12), costs([("s1", date(2024, 4, 1), date(2025, 3, 31), "staff", 1)]))
    [row] = cost_efficiency(data)["by_scheme"]
    assert (row["referrals"], row["n"], row["sessions"]) == (0, 0, 0)
    assert row["cost_per_referral"] is None


def test_a_package_without_costs_has_no_cost_section() -> None:
    data = EvaluationData(tables=tables(12), reference_date=date(2026, 6, 1))
    assert cost_efficiency(data) == {"overall": None, "by_scheme": [], "by_delivery_model": []}


def test_outsiders_see_costs_rounded_and_small_schemes_hidden() -> None:
    base = world([("North", 2, 4), ("North", 3, 33), ("South", 3, 41)])
    year = (date(2025, 4, 1), date(2026, 12, 31))
    data = EvaluationData(
        tables={
            **base.tables,
            "scheme_costs": costs(
                [(f"s{s}", *year, "staff", 12_345_678 * (s + 1)) for s in range(3)]
            ),
        },
        reference_date=base.reference_date,
    )
    own = build_report(data, audience="scheme")["costs"]
    outside = build_report(data, audience="external")["costs"]
    own_rows = {r["group"]: r for r in own["by_scheme"]}
    rows = {r["group"]: r for r in outside["by_scheme"]}
    assert own_rows["Scheme 0"]["referrals"] == 4
    assert rows["Scheme 0"]["suppressed"]
    assert not rows["Scheme 2"]["suppressed"]
    assert rows["Scheme 2"]["cost"] % 100 == 0
    assert rows["Scheme 2"]["referrals"] % 5 == 0
    assert rows["Scheme 2"]["cost_per_referral"] == round(
        rows["Scheme 2"]["cost"] / rows["Scheme 2"]["referrals"]
    )
    html = render_html(build_report(data, audience="external"))
    assert "Cost and efficiency" in html
    assert "Per person improved" in html
