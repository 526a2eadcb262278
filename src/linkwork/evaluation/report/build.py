"""The evaluation report: every figure of the scorecard, activity and outcomes, computed from
the common dataset's frames, with small groups suppressed for audiences outside the scheme."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import polars as pl

from linkwork.evaluation.analysis import activity, quality
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.analysis.outcomes import instrument_results
from linkwork.evaluation.dataset.spec import DATASET_VERSION
from linkwork.stats import DEFAULT_THRESHOLD, suppress_rows

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


def _suppress_counts(
    rows: list[dict[str, Any]],
    threshold: int | None,
    label_keys: tuple[str, ...] = ("group",),
) -> list[dict[str, Any]]:
    if threshold is None or not rows:
        return rows
    try:
        suppressed = suppress_rows(
            rows, threshold=threshold, total_reported=True, label_keys=label_keys
        )
        return [dict(r) for r in suppressed]
    except ValueError:
        return [{**r, "n": None, "percent": None, "suppressed": True} for r in rows]


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
    title: str = "Social prescribing evaluation",
    filters: dict[str, Any] | None = None,
    progress: Progress = _quiet,
) -> dict[str, Any]:
    """audience: "scheme" (a scheme's own managers: no suppression) or "external"
    (commissioners, researchers and published reports: groups under `threshold` suppressed)."""
    limit = None if audience == "scheme" else (threshold or DEFAULT_THRESHOLD)
    referrals = data.table("referrals")
    progress(5, "Checking data quality")
    by_scheme = _frame_rows(quality.scorecard(data, by="scheme"))
    by_practice = _frame_rows(quality.scorecard(data, by="practice"))
    if limit is not None:
        by_scheme = [r for r in by_scheme if r["n"] >= limit]
        by_practice = [r for r in by_practice if r["n"] >= limit]
    progress(25, "Counting activity")
    report: dict[str, Any] = {
        "title": title,
        "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "dataset_version": DATASET_VERSION,
        "reference_date": data.reference_date.isoformat(),
        "audience": audience,
        "suppression_threshold": limit,
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
        },
        "activity": {
            "statuses": _suppress_counts(activity.statuses(data), limit),
            "by_source": _suppress_counts(activity.by_source(data), limit),
            "by_reason": _suppress_counts(activity.by_reason(data), limit),
            "rate_period": activity.rate_period(data),
            "rates_by_practice_quintile": _suppress_counts(
                activity.rates_by_practice_quintile(data), limit
            ),
            "people_by_quintile": _suppress_counts(activity.people_by_quintile(data), limit),
            "waiting_times": activity.waiting_times(data),
            "caseloads": activity.caseloads(data),
            "sessions_per_person": _suppress_counts(activity.sessions_per_person(data), limit),
            "connections": activity.connections(data),
            # The service and need name the row (the page builds its label from them), so a
            # suppressed row keeps them and loses only its figures.
            "connections_by_service": _suppress_counts(
                activity.connections_by_service(data), limit, ("group", "service", "need")
            ),
            "discharge_reasons": _suppress_counts(activity.discharge_reasons(data), limit),
        },
    }
    if limit is not None:
        waits = report["activity"]["waiting_times"]
        waits["by_scheme"] = [w for w in waits["by_scheme"] if w["n"] >= limit]
        report["activity"]["connections"]["by_status"] = _suppress_counts(
            report["activity"]["connections"]["by_status"], limit
        )
    else:
        report["activity"]["rates_by_practice"] = activity.rates_by_practice(data)
    progress(50, "Analysing outcomes")
    report["outcomes"] = instrument_results(data, threshold=limit)
    progress(85, "Summarising bespoke tools and implementation")
    report["bespoke"] = instrument_results(data, threshold=limit, kind="bespoke")
    implementation = data.table("implementation")
    report["implementation"] = (
        _suppress_counts(activity.counts(implementation, "classification"), None)
        if implementation.height
        else []
    )
    progress(100, "Done")
    return report
