"""Workforce indicators in the evaluation report: caseload per WTE, supervision against the
scheme's standard, training coverage, vacancy, turnover and continuity, by scheme and
delivery model, worked out from the dataset's tables, and how an outside audience sees them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl

from linkwork.evaluation.analysis.data import OPEN_STATUSES, EvaluationData
from linkwork.evaluation.analysis.workforce import period_of, workforce_indicators
from linkwork.evaluation.dataset.extract import frame
from linkwork.evaluation.dataset.spec import TABLE_BY_NAME
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.report.html import render_html
from linkwork.evaluation.tests.test_disclosure_attacks import world

# (scheme, wte, started, ended, vacant, training done)
Post = tuple[str, float, str, str | None, bool, bool | None]


def f(name: str, rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    return frame(TABLE_BY_NAME[name], rows, identifiable=False)


def with_workforce(
    base: EvaluationData,
    posts: list[Post],
    support: list[tuple[str, str, int]] = (),  # type: ignore[assignment]
    continuity: list[tuple[str, date, float | None]] = (),  # type: ignore[assignment]
    intervals: Mapping[str, int] | None = None,
) -> EvaluationData:
    schemes = base.table("schemes")
    if intervals:
        schemes = schemes.with_columns(
            pl.col("scheme_id")
            .replace_strict(intervals, default=None)
            .alias("supervision_interval_days")
        )
    tables = {
        **base.tables,
        "schemes": schemes,
        "workforce_posts": f(
            "workforce_posts",
            [
                {
                    "post_id": f"post{i}",
                    "scheme_id": scheme,
                    "contracted_hours": wte * 37.5,
                    "wte": wte,
                    "started_month": started,
                    "ended_month": ended,
                    "vacant": vacant,
                    "training_complete": trained,
                }
                for i, (scheme, wte, started, ended, vacant, trained) in enumerate(posts)
            ],
        ),
        "workforce_support": f(
            "workforce_support",
            [
                {
                    "scheme_id": scheme,
                    "month": month,
                    "supervision_sessions": held,
                    "peer_support_sessions": 0,
                    "training_records": 0,
                }
                for scheme, month, held in support
            ],
        ),
        "implementation": f(
            "implementation",
            [
                {
                    "practice_id": practice,
                    "period": f"{start:%Y-%m}",
                    "period_start": start,
                    "indicators_json": json.dumps({"uncovered_weeks": weeks}),
                }
                for practice, start, weeks in continuity
            ],
        ),
    }
    return EvaluationData(tables=tables, reference_date=base.reference_date)


def open_cases(data: EvaluationData, scheme: str) -> int:
    referrals = data.table("referrals")
    return referrals.filter(
        (pl.col("scheme_id") == scheme) & pl.col("status").is_in(OPEN_STATUSES)
    ).height


def test_the_period_is_the_twelve_calendar_months_to_the_reference_date() -> None:
    assert period_of(date(2026, 6, 1)) == (date(2025, 7, 1), date(2026, 6, 1))
    assert period_of(date(2026, 12, 31)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_each_indicator_from_hand_made_tables() -> None:
    base = world([("North", 2, 12)])  # reference date 1 June 2026: from 1 July 2025
    data = with_workforce(
        base,
        [
            ("s0", 1.0, "2025-01", None, False, True),  # in post all year, trained
            ("s0", 0.6, "2025-09", "2026-02", False, False),  # left in February
            ("s0", 0.8, "2026-03", None, False, False),  # joined in March
            ("s0", 1.0, "2025-03", None, True, None),  # vacant
            ("s0", 1.0, "2024-01", "2025-05", False, True),  # ended before the period
        ],
        support=[("s0", "2025-06", 5), ("s0", "2025-07", 2), ("s0", "2026-05", 3)],
        continuity=[("pr1", date(2025, 10, 1), 6.0), ("pr1", date(2026, 1, 1), 2.5)],
        intervals={"s0": 28},
    )
    result = workforce_indicators(data)
    assert result["period"] == {"start": "2025-07-01", "end": "2026-06-01"}
    [row] = result["by_scheme"]
    assert (row["posts"], row["funded_wte"], row["vacant_wte"]) == (3, 2.8, 1.0)
    assert row["vacancy_percent"] == round(100 * 1.0 / 2.8, 1)
    assert (row["headcount"], row["filled_wte"], row["headcount_start"]) == (2, 1.8, 1)
    cases = open_cases(data, "s0")
    assert cases > 0
    assert row["caseload"] == cases
    assert row["caseload_per_wte"] == round(cases / 1.8, 1)
    # Due: 336 days of the first post and 93 of the one that joined, one every 28 days.
    due = 336 / 28 + 93 / 28
    assert row["supervision_due"] == round(due, 1)
    assert row["supervision_held"] == 5  # June 2025 is before the period
    assert row["supervision_percent"] == round(100 * 5 / due, 1)
    assert row["supervision_standard_days"] == 28
    assert (row["training_complete"], row["training_percent"]) == (1, 50.0)
    assert row["leavers"] == 1
    assert row["turnover_percent"] == round(100 * 1 / ((1 + 2) / 2), 1)
    assert (row["practices_continuity"], row["uncovered_weeks_mean"]) == (1, 2.5)
    [model] = result["by_delivery_model"]
    assert model["group"] == "2"
    assert model["supervision_standard_days"] is None
    assert result["overall"]["headcount"] == 2


def test_a_stricter_standard_asks_for_more_supervision() -> None:
    posts: list[Post] = [("s0", 1.0, "2025-01", None, False, True)]
    monthly = with_workforce(world([("North", 2, 12)]), posts, [("s0", "2025-08", 12)])
    fortnightly = with_workforce(
        world([("North", 2, 12)]), posts, [("s0", "2025-08", 12)], intervals={"s0": 14}
    )
    [month] = workforce_indicators(monthly)["by_scheme"]
    [fortnight] = workforce_indicators(fortnightly)["by_scheme"]
    assert month["supervision_standard_days"] == 28  # no standard set: the default
    assert month["supervision_percent"] == 100.0
    assert fortnight["supervision_percent"] == 50.0


def test_schemes_add_up_to_their_delivery_model_and_the_whole() -> None:
    base = world([("North", 2, 12), ("North", 2, 14), ("South", 3, 20)])
    data = with_workforce(
        base,
        [
            ("s0", 1.0, "2025-01", None, False, True),
            ("s1", 0.5, "2025-01", None, False, False),
            ("s2", 1.0, "2025-01", "2025-12", False, True),
            ("s2", 1.0, "2026-01", None, False, True),
        ],
    )
    result = workforce_indicators(data)
    models = {r["group"]: r for r in result["by_delivery_model"]}
    assert (models["2"]["headcount"], models["2"]["funded_wte"]) == (2, 1.5)
    assert (models["3"]["headcount"], models["3"]["leavers"]) == (1, 1)
    assert result["overall"]["headcount"] == 3
    assert result["overall"]["caseload"] == sum(r["caseload"] for r in result["by_scheme"])


def test_a_package_without_workforce_tables_has_no_section() -> None:
    base = world([("North", 2, 12)])
    result = workforce_indicators(base)
    assert result["overall"] is None
    assert result["by_scheme"] == []
    assert "Workforce" not in render_html(build_report(base, audience="scheme"))


def staffed(headcounts: Sequence[int]) -> EvaluationData:
    sizes = [("North", 2, 30), ("North", 2, 33), ("South", 3, 41)]
    posts: list[Post] = []
    for s, n in enumerate(headcounts):
        posts += [(f"s{s}", 1.0, "2025-01", None, False, i % 3 != 0) for i in range(n)]
        posts += [(f"s{s}", 1.0, "2025-02", "2026-01", False, True)]  # one leaver each
    return with_workforce(world(sizes), posts, [(f"s{s}", "2026-01", 20) for s in range(3)])


def test_outsiders_see_small_groups_of_link_workers_hidden_and_counts_rounded() -> None:
    data = staffed([3, 30, 36])
    own = build_report(data, audience="scheme")["workforce"]
    outside = build_report(data, audience="external")["workforce"]
    own_rows = {r["group"]: r for r in own["by_scheme"]}
    rows = {r["group"]: r for r in outside["by_scheme"]}
    models = {r["group"]: r for r in outside["by_delivery_model"]}
    assert own_rows["Scheme 0"]["headcount"] == 3
    assert own_rows["Scheme 0"]["training_percent"] is not None
    hidden = rows["Scheme 0"]
    assert hidden["suppressed"]
    for figure in ("headcount", "training_percent", "turnover_percent", "caseload_per_wte"):
        assert hidden[figure] is None
        assert figure in hidden["hidden"]
    # Scheme 0 cannot come back as its delivery model less its sibling scheme.
    assert rows["Scheme 1"]["headcount"] is None or models["2"]["headcount"] is None
    shown = rows["Scheme 2"]
    assert not shown["suppressed"]
    assert shown["headcount"] % 5 == 0
    assert shown["training_percent"] == round(
        100 * shown["training_complete"] / shown["headcount"], 1
    )
    # One leaver in each scheme: too few to show, and the turnover with them.
    assert shown["leavers"] is None
    assert shown["turnover_percent"] is None
    assert "turnover_percent" in shown["hidden"]
    assert "in_post" not in shown  # those in post at any time are never published
    html = render_html(build_report(data, audience="external"))
    assert "Workforce" in html
    assert "Supervision against standard" in html
    assert "not shown" in html
