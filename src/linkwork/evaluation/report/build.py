"""The evaluation report: every figure of the scorecard, activity and outcomes, computed from
the common dataset's frames, with small groups suppressed for audiences outside the scheme."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import polars as pl

from linkwork.evaluation.analysis import (
    activity,
    costs,
    financial,
    gp_appointments,
    quality,
    workforce,
)
from linkwork.evaluation.analysis.comparisons import Compare
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.analysis.outcomes import instrument_results
from linkwork.evaluation.dataset.spec import DATASET_VERSION
from linkwork.evaluation.model_cache import cached_comparison
from linkwork.evaluation.report.disclosure import SchemePlace, protect_report
from linkwork.stats import DEFAULT_THRESHOLD
from linkwork.stats.disclosure import DEFAULT_ROUNDING_BASE

Progress = Callable[[int, str], None]

CAVEATS = (
    "These are observational data from routine recording, not a trial: differences between "
    "schemes, delivery models or groups may reflect who is referred rather than what the "
    "service does.",
    "Follow-up scores are missing for many people; the attrition table compares those with "
    "and without follow-up so the direction of any bias can be judged.",
    "Dose-response figures are descriptive: people who attend more sessions differ in other "
    "ways from those who attend fewer.",
    "Bespoke outcome tools are reported apart from validated instruments and are not "
    "comparable across schemes.",
)


def _quiet(_: int, __: str) -> None:
    return None


def disclosure_caveat(threshold: int, base: int) -> str:
    rounded = f"Counts are rounded to the nearest {base}" if base > 1 else "Counts are exact"
    return (
        f"{rounded}, so totals may not equal the sum of their parts, and percentages and "
        f"rates are worked out from the rounded counts. Groups of fewer than {threshold} "
        "people are not shown, and nor is any other figure from which a hidden group could "
        "be worked out by subtraction."
    )


def _scheme_places(data: EvaluationData) -> dict[str, SchemePlace]:
    """Where each scheme sits: its region and delivery model, as the breakdowns name them."""
    return {
        str(row["scheme_name"]): (
            str(row["region"]) if row["region"] is not None else "not recorded",
            str(row["delivery_model"]) if row["delivery_model"] is not None else "unclassified",
        )
        for row in data.table("schemes").iter_rows(named=True)
    }


def _frame_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (str(v) if k.endswith("_id") else v) for k, v in row.items()}
        for row in frame.iter_rows(named=True)
    ]


def build_report(
    data: EvaluationData,
    *,
    audience: str,
    threshold: int | None = DEFAULT_THRESHOLD,
    rounding_base: int = DEFAULT_ROUNDING_BASE,
    title: str = "Social prescribing evaluation",
    filters: dict[str, Any] | None = None,
    progress: Progress = _quiet,
    compare: Compare = cached_comparison,
) -> dict[str, Any]:
    """audience: "scheme" (a scheme's own managers: every figure, exact) or "external"
    (commissioners, researchers and published reports: groups under `threshold` hidden across
    all tables at once, counts rounded to the nearest `rounding_base`; see
    :mod:`linkwork.evaluation.report.disclosure`). The multilevel models are fitted through
    `compare`, by default answered from the cache when the same data were analysed before
    (another audience, or the same period and scope again)."""
    limit = None if audience == "scheme" else (threshold or DEFAULT_THRESHOLD)
    if rounding_base < 1:
        raise ValueError(f"rounding_base must be a positive whole number, got {rounding_base!r}.")
    referrals = data.table("referrals")
    progress(5, "Checking data quality")
    by_scheme = _frame_rows(quality.scorecard(data, by="scheme"))
    by_practice = _frame_rows(quality.scorecard(data, by="practice"))
    progress(25, "Counting activity")
    report: dict[str, Any] = {
        "title": title,
        "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "dataset_version": DATASET_VERSION,
        "reference_date": data.reference_date.isoformat(),
        "audience": audience,
        "suppression_threshold": limit,
        "rounding_base": rounding_base if limit is not None else None,
        "filters": filters or {},
        "caveats": list(CAVEATS),
        "scope": {
            "schemes": data.table("schemes").height,
            "practices": data.table("practices").height,
            "referrals": referrals.height,
            "people": data.table("people").height,
            "first_referral": str(referrals["received_on"].min()) if referrals.height else None,
            "last_referral": str(referrals["received_on"].max()) if referrals.height else None,
        },
        "data_quality": {
            "measures": [{"key": k, "label": label} for k, label in quality.MEASURES],
            "by_scheme": by_scheme,
            "by_practice": by_practice[:40],
            # Records, not people, and no attribute of anyone: counted as they are.
            "set_aside": [
                {"key": item.key, "count": item.count, "line": item.line} for item in data.set_aside
            ],
        },
        "activity": {
            "statuses": activity.statuses(data),
            "by_source": activity.by_source(data),
            "by_reason": activity.by_reason(data),
            "rate_period": activity.rate_period(data),
            "rates_by_practice_quintile": activity.rates_by_practice_quintile(data),
            "practice_deprivation_sources": activity.practice_deprivation_sources(data),
            "people_by_quintile": activity.people_by_quintile(data),
            "waiting_times": activity.waiting_times(data),
            "caseloads": activity.caseloads(data),
            "sessions_per_person": activity.sessions_per_person(data),
            "group_work": activity.group_work(data),
            "connections": activity.connections(data),
            "connections_by_service": activity.connections_by_service(data),
            "discharge_reasons": activity.discharge_reasons(data),
        },
    }
    if limit is None:
        report["activity"]["rates_by_practice"] = activity.rates_by_practice(data)
    report["financial_gains"] = financial.financial_gains(data)
    report["costs"] = costs.cost_efficiency(data)
    report["gp_appointments"] = gp_appointments.gp_appointments(data)
    report["workforce"] = workforce.workforce_indicators(data)
    progress(50, "Analysing outcomes")
    report["outcomes"] = instrument_results(data, threshold=None, compare=compare)
    progress(85, "Summarising bespoke tools and implementation")
    report["bespoke"] = instrument_results(data, threshold=None, kind="bespoke")
    implementation = data.table("implementation")
    # Practices, not people: counted as they are.
    report["implementation"] = (
        activity.counts(implementation, "classification") if implementation.height else []
    )
    if limit is not None:
        progress(95, "Hiding small groups")
        report = protect_report(
            report, threshold=limit, base=rounding_base, schemes=_scheme_places(data)
        )
        report["caveats"].append(disclosure_caveat(limit, rounding_base))
    progress(100, "Done")
    return report
