"""Workforce indicators by scheme and delivery model, from the common dataset's tables. Pure
polars, so an exported package and the live database give the same figures.

The period is the twelve months to the data's reference date: from the first day of the month
eleven months before the reference month to the reference date. The dataset gives posts' dates
to the month, so a post counts from the first day of the month it started to the last day of
the month it ended.

- Caseload per WTE: open episodes with a link worker at the reference date over the WTE of
  the posts filled then.
- Supervision against the standard: supervision sessions held in the period over those due,
  one every `supervision_interval_days` (the scheme's standard) for each post filled at the
  end of the period, for the days of the period it was open.
- Training coverage: the share of the posts filled at the end of the period whose holder has
  done every course the scheme requires.
- Vacancy rate: the vacant share of the funded WTE at the end of the period.
- Turnover rate: holders who left in the period over the average of the headcounts at its
  start and end (the NHS workforce statistics' definition).
- Continuity: for the practices the schemes serve, from their latest implementation
  assessment, how many have continuity recorded and their mean weeks without link worker
  cover in that assessment's period.

Headcounts, leavers, those trained and caseloads are counts of people: the external report
protects them (see :mod:`linkwork.evaluation.report.disclosure`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from linkwork.evaluation.analysis.data import OPEN_STATUSES, EvaluationData

__all__ = ["DEFAULT_INTERVAL_DAYS", "POST_COLUMNS", "period_of", "workforce_indicators"]

DEFAULT_INTERVAL_DAYS = 28
POST_COLUMNS = {
    "post_id": pl.Utf8,
    "scheme_id": pl.Utf8,
    "wte": pl.Float64,
    "started_month": pl.Utf8,
    "ended_month": pl.Utf8,
    "vacant": pl.Boolean,
    "training_complete": pl.Boolean,
}
SUPPORT_COLUMNS = {"scheme_id": pl.Utf8, "month": pl.Utf8, "supervision_sessions": pl.Int64}
COUNTS = (
    "posts",
    "headcount",
    "headcount_start",
    "in_post",
    "leavers",
    "training_complete",
    "caseload",
    "supervision_held",
)
EMPTY: dict[str, Any] = {"period": None, "overall": None, "by_scheme": [], "by_delivery_model": []}


def period_of(reference: date) -> tuple[date, date]:
    """The twelve calendar months to `reference`: from the first of the month eleven months
    before its month to `reference` itself."""
    months = reference.year * 12 + reference.month - 1 - 11
    return date(months // 12, months % 12 + 1, 1), reference


def _table(data: EvaluationData, name: str, columns: dict[str, Any]) -> pl.DataFrame:
    # A package exported before the dataset had these tables or fields reads as none.
    found = data.tables.get(name)
    if found is None:
        return pl.DataFrame(schema=columns)
    return found.with_columns(
        pl.lit(None, dtype=kind).alias(column)
        for column, kind in columns.items()
        if column not in found.columns
    ).select([pl.col(c).cast(k) for c, k in columns.items()])


def _schemes(data: EvaluationData) -> pl.DataFrame:
    schemes = data.table("schemes")
    interval = (
        pl.col("supervision_interval_days").cast(pl.Int64)
        if "supervision_interval_days" in schemes.columns
        else pl.lit(None, dtype=pl.Int64)
    )
    return schemes.select(
        "scheme_id",
        pl.col("scheme_name").fill_null("not recorded"),
        pl.col("delivery_model").cast(pl.Utf8).fill_null("unclassified").alias("model"),
        interval.fill_null(DEFAULT_INTERVAL_DAYS).alias("interval_days"),
    )


def _month_start(column: str) -> pl.Expr:
    return (pl.col(column) + "-01").str.to_date("%Y-%m-%d", strict=False)


def _open_on(day: date) -> pl.Expr:
    return (pl.col("first") <= day) & (pl.col("last").is_null() | (pl.col("last") >= day))


def _post_facts(data: EvaluationData, start: date, end: date) -> pl.DataFrame:
    """One row per post, with what each indicator needs of it."""
    posts = _table(data, "workforce_posts", POST_COLUMNS)
    first = _month_start("started_month")
    last = _month_start("ended_month").dt.month_end()
    filled = ~pl.col("vacant").fill_null(False)
    days = (
        (pl.min_horizontal(pl.col("last").fill_null(end), pl.lit(end)))
        - pl.max_horizontal(pl.col("first"), pl.lit(start))
    ).dt.total_days() + 1
    return (
        posts.with_columns(first.alias("first"), last.alias("last"))
        .filter(pl.col("first").is_not_null() & (pl.col("first") <= end))
        .filter(pl.col("last").is_null() | (pl.col("last") >= start))
        .join(_schemes(data), on="scheme_id", how="left")
        .with_columns(
            _open_on(end).alias("open_end"),
            (_open_on(end) & filled).alias("filled_end"),
            (_open_on(start) & filled).alias("filled_start"),
            filled.alias("filled"),
            days.clip(lower_bound=0).alias("days"),
            pl.col("interval_days").fill_null(DEFAULT_INTERVAL_DAYS),
        )
        .with_columns(
            (
                filled
                & pl.col("last").is_not_null()
                & (pl.col("last") >= start)
                & (pl.col("last") < end)
            ).alias("left"),
            pl.when(pl.col("filled_end"))
            .then(pl.col("days") / pl.col("interval_days"))
            .otherwise(0.0)
            .alias("due"),
        )
    )


def _per_scheme(data: EvaluationData, facts: pl.DataFrame, start: date) -> pl.DataFrame:
    held = (
        _table(data, "workforce_support", SUPPORT_COLUMNS)
        .filter(pl.col("month") >= f"{start.year:04d}-{start.month:02d}")
        .filter(pl.col("month") <= f"{data.reference_date:%Y-%m}")
        .group_by("scheme_id")
        .agg(pl.col("supervision_sessions").sum().alias("supervision_held"))
    )
    caseload = (
        data.table("referrals")
        .filter(pl.col("status").is_in(OPEN_STATUSES) & (pl.col("link_worker").fill_null("") != ""))
        .group_by("scheme_id")
        .agg(pl.len().alias("caseload"))
    )
    posts = facts.group_by("scheme_id").agg(
        pl.col("open_end").sum().alias("posts"),
        pl.col("wte").filter(pl.col("open_end")).sum().alias("funded_wte"),
        pl.col("wte").filter(pl.col("open_end") & ~pl.col("filled")).sum().alias("vacant_wte"),
        pl.col("filled_end").sum().alias("headcount"),
        pl.col("wte").filter(pl.col("filled_end")).sum().alias("filled_wte"),
        pl.col("filled_start").sum().alias("headcount_start"),
        pl.col("filled").sum().alias("in_post"),
        pl.col("left").sum().alias("leavers"),
        (pl.col("filled_end") & pl.col("training_complete").fill_null(False))
        .sum()
        .alias("training_complete"),
        pl.col("due").sum().alias("supervision_due"),
    )
    return (
        posts.join(_schemes(data), on="scheme_id", how="left")
        .join(held, on="scheme_id", how="left")
        .join(caseload, on="scheme_id", how="left")
        .with_columns(
            pl.col("scheme_name").fill_null("not recorded"),
            pl.col("model").fill_null("unclassified"),
            pl.col("interval_days").fill_null(DEFAULT_INTERVAL_DAYS),
            pl.col("supervision_held").fill_null(0),
            # Open cases count only against a scheme with a post filled to hold them.
            pl.when(pl.col("headcount") > 0)
            .then(pl.col("caseload").fill_null(0))
            .otherwise(0)
            .alias("caseload"),
        )
        .with_columns(pl.col(c).cast(pl.Int64) for c in COUNTS)
    )


def _continuity(data: EvaluationData, scheme_ids: list[str]) -> pl.DataFrame:
    """The schemes' practices with their latest assessment's weeks without cover."""
    assessed = data.tables.get("implementation")
    links = data.tables.get("scheme_practices")
    schema = {"scheme_id": pl.Utf8, "practice_id": pl.Utf8, "weeks": pl.Float64}
    if assessed is None or links is None or assessed.is_empty():
        return pl.DataFrame(schema=schema)
    latest = (
        assessed.sort("period_start", nulls_last=False)
        .group_by("practice_id", maintain_order=True)
        .last()
        .select(
            "practice_id",
            pl.col("indicators_json")
            .str.json_path_match("$.uncovered_weeks")
            .cast(pl.Float64, strict=False)
            .alias("weeks"),
        )
        .filter(pl.col("weeks").is_not_null())
    )
    return (
        links.filter(pl.col("scheme_id").is_in(scheme_ids))
        .join(latest, on="practice_id", how="inner")
        .select(list(schema))
    )


def _percent(top: float, bottom: float, digits: int = 1) -> float | None:
    return round(100 * top / bottom, digits) if bottom else None


def _row(group: str, r: dict[str, Any], practices: pl.DataFrame) -> dict[str, Any]:
    funded, filled = float(r["funded_wte"] or 0), float(r["filled_wte"] or 0)
    average = (r["headcount_start"] + r["headcount"]) / 2
    unique = practices.unique("practice_id")
    return {
        "group": group,
        "posts": r["posts"],
        "funded_wte": round(funded, 2),
        "vacant_wte": round(float(r["vacant_wte"] or 0), 2),
        "vacancy_percent": _percent(float(r["vacant_wte"] or 0), funded),
        "headcount": r["headcount"],
        "filled_wte": round(filled, 2),
        "caseload": r["caseload"],
        "caseload_per_wte": round(r["caseload"] / filled, 1) if filled else None,
        "supervision_standard_days": r.get("interval_days"),
        "supervision_due": round(float(r["supervision_due"] or 0), 1),
        "supervision_held": r["supervision_held"],
        "supervision_percent": _percent(r["supervision_held"], float(r["supervision_due"] or 0)),
        "training_complete": r["training_complete"],
        "training_percent": _percent(r["training_complete"], r["headcount"]),
        "headcount_start": r["headcount_start"],
        "in_post": r["in_post"],
        "leavers": r["leavers"],
        "turnover_percent": _percent(r["leavers"], average),
        "practices_continuity": unique.height,
        "uncovered_weeks_mean": round(float(unique["weeks"].mean()), 1)  # type: ignore[arg-type]
        if unique.height
        else None,
    }


def workforce_indicators(data: EvaluationData) -> dict[str, Any]:
    """{"period", "overall", "by_scheme", "by_delivery_model"}; overall is None when no scheme
    has a link worker post in the period."""
    start, end = period_of(data.reference_date)
    facts = _post_facts(data, start, end)
    if facts.is_empty():
        return {**EMPTY, "period": {"start": start.isoformat(), "end": end.isoformat()}}
    table = _per_scheme(data, facts, start).sort("scheme_name")
    practices = _continuity(data, table["scheme_id"].to_list()).join(
        table.select("scheme_id", "scheme_name", "model"), on="scheme_id", how="left"
    )
    sums = [
        pl.col(c).sum()
        for c in (*COUNTS, "funded_wte", "vacant_wte", "filled_wte", "supervision_due")
    ]
    by_model = table.group_by("model").agg(sums).sort("model")
    [overall] = table.select(sums).iter_rows(named=True)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "overall": _row("all", {**overall, "interval_days": None}, practices),
        "by_scheme": [
            _row(str(r["scheme_name"]), r, practices.filter(pl.col("scheme_id") == r["scheme_id"]))
            for r in table.iter_rows(named=True)
        ],
        "by_delivery_model": [
            _row(
                str(r["model"]),
                {**r, "interval_days": None},
                practices.filter(pl.col("model") == r["model"]),
            )
            for r in by_model.iter_rows(named=True)
        ],
    }
