"""GP appointments before and after referral: the mean paired change, with its 95% t interval,
overall, by delivery model and by scheme. Pure polars and the project's statistics.

Only people who consented have counts. Each person's counts cover a window of whole months on
each side of the day of referral (the same length both sides, though it may differ between
people), so both are put on a yearly scale (count x 12 / window months) before the change,
after minus before, is taken: a negative change is fewer appointments a year.

This is an uncontrolled before-and-after comparison, and the report says so in those words:
with no comparison group, the change cannot be put down to social prescribing. People are
often referred when they are seeing their GP most, and such peaks tend to fall back whatever
is done (regression to the mean), so a fall is expected even without any effect.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.stats import InsufficientDataError, paired_change

__all__ = ["GP_COLUMNS", "STATEMENT", "gp_appointments"]

GP_COLUMNS = {
    "referral_id": pl.Utf8,
    "scheme_id": pl.Utf8,
    "window_months": pl.Int64,
    "count_before": pl.Int64,
    "count_after": pl.Int64,
}
STATEMENT = (
    "This is an uncontrolled before-and-after comparison: there is no comparison group of "
    "people who were not referred, so the change cannot be attributed to social prescribing. "
    "People are often referred when they are seeing their GP most, and such peaks tend to "
    "fall back anyway (regression to the mean), so some fall is expected without any effect."
)
TOO_FEW = "Too few people with counts, or every one changed by the same amount, to estimate it."


def _counts(data: EvaluationData) -> pl.DataFrame:
    # A package exported before the dataset had GP appointments reads as none recorded.
    found = data.tables.get("gp_appointments")
    if found is None:
        return pl.DataFrame(schema=GP_COLUMNS)
    return found.select(list(GP_COLUMNS)).filter(
        pl.col("window_months").is_not_null()
        & (pl.col("window_months") > 0)
        & pl.col("count_before").is_not_null()
        & pl.col("count_after").is_not_null()
    )


def _row(group: str, part: pl.DataFrame) -> dict[str, Any]:
    before = part["before"].to_list()
    after = part["after"].to_list()
    row: dict[str, Any] = {
        "group": group,
        "n": part.height,
        "mean_before": round(sum(before) / len(before), 1) if before else None,
        "mean_after": round(sum(after) / len(after), 1) if after else None,
        "mean_change": None,
        "ci_low": None,
        "ci_high": None,
        "note": "",
    }
    try:
        result = paired_change(before, after)
    except InsufficientDataError:
        if before:
            row["mean_change"] = round((sum(after) - sum(before)) / len(before), 1)
        row["note"] = TOO_FEW
        return row
    row.update(
        mean_change=round(result.mean_change, 1),
        ci_low=round(result.ci_low, 1),
        ci_high=round(result.ci_high, 1),
    )
    return row


def gp_appointments(data: EvaluationData) -> dict[str, Any]:
    """{"overall", "by_delivery_model", "by_scheme", "statement", "windows"}; overall is None
    when no one has counts."""
    counts = _counts(data)
    if counts.is_empty():
        return {
            "overall": None,
            "by_delivery_model": [],
            "by_scheme": [],
            "statement": STATEMENT,
            "windows": [],
        }
    names = data.table("schemes").select(
        "scheme_id",
        "scheme_name",
        pl.col("delivery_model").cast(pl.Utf8).fill_null("unclassified").alias("model"),
    )
    yearly = 12 / pl.col("window_months")
    frame = (
        counts.join(names, on="scheme_id", how="left")
        .with_columns(
            (pl.col("count_before") * yearly).alias("before"),
            (pl.col("count_after") * yearly).alias("after"),
            pl.col("scheme_name").fill_null("not recorded"),
            pl.col("model").fill_null("unclassified"),
        )
        .sort("referral_id")
    )
    windows = sorted(set(frame["window_months"].to_list()))
    return {
        "overall": _row("all", frame),
        "by_delivery_model": [
            _row(str(model), frame.filter(pl.col("model") == model))
            for model in sorted(frame["model"].unique().to_list())
        ],
        "by_scheme": [
            _row(str(name), frame.filter(pl.col("scheme_name") == name))
            for name in sorted(frame["scheme_name"].unique().to_list())
        ],
        "statement": STATEMENT,
        "windows": windows,
    }
