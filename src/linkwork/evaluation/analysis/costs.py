"""Cost and efficiency: what a referral, a person supported, a session and a person with a
meaningful improvement cost, by scheme and delivery model. Pure polars.

Costs and activity are matched in time: a scheme's costs cover the periods its managers
recorded them for, and only its referrals received, and sessions held, within those periods
count against them. A scheme with no costs recorded is left out.

- Cost per referral: cost over referrals received.
- Cost per person supported: cost over episodes with at least one attended session.
- Cost per session: cost over attended sessions.
- Cost per person improved: cost over the people supported times the share improved, where
  the share is of the episodes with a baseline and a follow-up score on a validated measure
  with a minimal important change, counting an episode as improved when any such measure
  changed by at least its MIC. The share's Wilson interval is carried to the cost: the
  highest share gives the lowest cost and the lowest share the highest. The interval assumes
  those with follow-up are like those without (see the attrition tables).
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.analysis.outcomes import direction_and_mic, pairs_of
from linkwork.stats import wilson_interval

__all__ = ["COST_COLUMNS", "cost_efficiency"]

COST_COLUMNS = {
    "scheme_id": pl.Utf8,
    "period_start": pl.Date,
    "period_end": pl.Date,
    "category": pl.Utf8,
    "amount_pence": pl.Int64,
}
PENCE = 100
COUNTS = ("referrals", "seen", "assessed", "improved", "sessions")


def _costs(data: EvaluationData) -> pl.DataFrame:
    # A package exported before the dataset had costs reads as none recorded.
    found = data.tables.get("scheme_costs")
    if found is None:
        return pl.DataFrame(schema=COST_COLUMNS)
    return found.select(list(COST_COLUMNS))


def _within(frame: pl.DataFrame, windows: pl.DataFrame, day: str) -> pl.DataFrame:
    """Rows of `frame` whose `day` falls in one of their scheme's cost periods (once each)."""
    if frame.is_empty() or windows.is_empty():
        return frame.clear()
    matched = frame.join(windows, on="scheme_id", how="inner").filter(
        pl.col(day).is_between(pl.col("period_start"), pl.col("period_end"))
    )
    return matched.drop("period_start", "period_end").unique(maintain_order=True)


def _improved(data: EvaluationData) -> pl.DataFrame:
    """Per episode with a validated pair: whether any measure with a MIC improved by it."""
    pairs = pairs_of(data).filter(pl.col("change").is_not_null())
    rows = []
    for instrument in pairs["instrument_id"].unique().to_list() if pairs.height else []:
        higher_is_better, mic, _ = direction_and_mic(instrument)
        if not mic:
            continue
        part = pairs.filter(pl.col("instrument_id") == instrument)
        gain = pl.col("change") if higher_is_better else -pl.col("change")
        rows.append(part.select("referral_id", (gain >= mic).alias("improved")))
    if not rows:
        return pl.DataFrame(schema={"referral_id": pl.Utf8, "improved": pl.Boolean})
    return pl.concat(rows).group_by("referral_id").agg(pl.col("improved").any())


def _pounds(pence: float) -> int:
    return math.floor(pence / PENCE + 0.5)


def _per(pence: int, n: float) -> int | None:
    return _pounds(pence / n) if n else None


def _row(group: str, r: dict[str, Any]) -> dict[str, Any]:
    pence, seen, assessed, improved = r["pence"], r["seen"], r["assessed"], r["improved"]
    row: dict[str, Any] = {
        "group": group,
        "cost": _pounds(pence),
        "referrals": r["referrals"],
        "n": seen,
        "sessions": r["sessions"],
        "assessed": assessed,
        "improved": improved,
        "cost_per_referral": _per(pence, r["referrals"]),
        "cost_per_person": _per(pence, seen),
        "cost_per_session": _per(pence, r["sessions"]),
        "improved_percent": None,
        "cost_per_improved": None,
        "cost_per_improved_low": None,
        "cost_per_improved_high": None,
    }
    if assessed:
        ci = wilson_interval(improved, assessed)
        row["improved_percent"] = round(100 * improved / assessed, 1)
        row["cost_per_improved"] = _per(pence, seen * improved / assessed)
        row["cost_per_improved_low"] = _per(pence, seen * ci.high)
        row["cost_per_improved_high"] = _per(pence, seen * ci.low)
    return row


def cost_efficiency(data: EvaluationData) -> dict[str, Any]:
    costs = _costs(data)
    if costs.is_empty():
        return {"overall": None, "by_scheme": [], "by_delivery_model": []}
    windows = costs.select("scheme_id", "period_start", "period_end").unique()
    spent = costs.group_by("scheme_id").agg(pl.col("amount_pence").sum().alias("pence"))
    episodes = _within(
        data.episodes().select(
            "referral_id", "scheme_id", "scheme_name", "model", "received_on", "sessions_attended"
        ),
        windows,
        "received_on",
    )
    encounters = data.table("encounters").filter(pl.col("attended").fill_null(False))
    sessions = _within(
        encounters.select("encounter_id", "scheme_id", "occurred_on"), windows, "occurred_on"
    )
    improved = _improved(data)
    per_scheme = (
        episodes.join(improved, on="referral_id", how="left")
        .group_by("scheme_id")
        .agg(
            pl.len().alias("referrals"),
            (pl.col("sessions_attended") > 0).sum().alias("seen"),
            (pl.col("improved").is_not_null() & (pl.col("sessions_attended") > 0))
            .sum()
            .alias("assessed"),
            (pl.col("improved").fill_null(False) & (pl.col("sessions_attended") > 0))
            .sum()
            .alias("improved"),
        )
    )
    held = sessions.group_by("scheme_id").agg(pl.len().alias("sessions"))
    names = data.table("schemes").select(
        "scheme_id",
        "scheme_name",
        pl.col("delivery_model").cast(pl.Utf8).fill_null("unclassified").alias("model"),
    )
    table = (
        spent.join(names, on="scheme_id", how="left")
        .join(per_scheme, on="scheme_id", how="left")
        .join(held, on="scheme_id", how="left")
        .with_columns(
            pl.col(c).fill_null(0)
            for c in ("referrals", "seen", "assessed", "improved", "sessions")
        )
        .with_columns(pl.col("scheme_name").fill_null("not recorded"))
    )
    sums = [pl.col(c).sum() for c in ("pence", *COUNTS)]
    by_model = table.group_by("model").agg(sums).sort("model")
    [overall] = table.select(sums).iter_rows(named=True)
    return {
        "overall": _row("all", overall),
        "by_scheme": [
            _row(str(r["scheme_name"]), r) for r in table.sort("scheme_name").iter_rows(named=True)
        ],
        "by_delivery_model": [_row(str(r["model"]), r) for r in by_model.iter_rows(named=True)],
    }
