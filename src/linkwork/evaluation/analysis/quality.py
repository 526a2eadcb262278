"""The data-quality scorecard: how complete and timely each scheme's and practice's recording
is, worst gaps first. Pure polars."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from linkwork.evaluation.analysis.data import (
    NOT_RECORDED_ETHNICITY,
    OPEN_STATUSES,
    EvaluationData,
)

MEASURES: tuple[tuple[str, str], ...] = (
    ("ethnicity", "Ethnicity recorded"),
    ("age", "Age recorded"),
    ("sex", "Sex recorded"),
    ("reason", "Reason recorded"),
    ("source", "Source recorded"),
    ("baseline", "Baseline outcome for people seen"),
    ("paired", "Follow-up paired with the baseline"),
    ("duration", "Session length recorded"),
    ("timely", "Sessions recorded within 7 days"),
    ("not_stuck", "Open referrals moving (not stuck)"),
)
STUCK_AFTER_DAYS = {"received": 14, "accepted": 30, "waiting": 90, "active": 90}


def _percent(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then((100 * numerator / denominator).round(1)).otherwise(None)


def scorecard(data: EvaluationData, *, by: str = "scheme") -> pl.DataFrame:
    """One row per scheme (by="scheme") or practice (by="practice"), one column per measure
    (percent, 100 = complete), plus n and the overall score; worst first."""
    if by not in {"scheme", "practice"}:
        raise ValueError("A scorecard is by scheme or by practice.")
    key = "scheme_id" if by == "scheme" else "practice_id"
    ep = data.derived("quality:per_referral", lambda: _per_referral(data))
    if by == "practice":
        ep = ep.filter(pl.col("practice_id").is_not_null())
    per_unit = ep.group_by(key).agg(
        pl.len().alias("n"),
        _percent(pl.col("ethnicity_group").ne("Not recorded").sum(), pl.len()).alias("ethnicity"),
        _percent(pl.col("age_band").is_not_null().sum(), pl.len()).alias("age"),
        _percent(pl.col("sex").is_in(["female", "male", "intersex"]).sum(), pl.len()).alias("sex"),
        _percent((pl.col("reason_count").fill_null(0) > 0).sum(), pl.len()).alias("reason"),
        _percent((pl.col("source").fill_null("") != "").sum(), pl.len()).alias("source"),
        _percent((pl.col("seen") & pl.col("has_baseline")).sum(), pl.col("seen").sum()).alias(
            "baseline"
        ),
        _percent(pl.col("has_pair").sum(), pl.col("has_baseline").sum()).alias("paired"),
        _percent((pl.col("open") & ~pl.col("stuck")).sum(), pl.col("open").sum()).alias(
            "not_stuck"
        ),
    )
    sessions = data.table("encounters")
    own = [key] if key in sessions.columns else []
    encounters = sessions.select("referral_id", *own, "duration_minutes", "recorded_lag_days").join(
        ep.select("referral_id", key).unique(),
        on="referral_id",
        how="inner",
        suffix="_referral",
    )
    unit_col = key if key in encounters.columns else f"{key}_referral"
    per_encounter = (
        encounters.group_by(unit_col)
        .agg(
            _percent(pl.col("duration_minutes").is_not_null().sum(), pl.len()).alias("duration"),
            _percent((pl.col("recorded_lag_days") <= 7).sum(), pl.len()).alias("timely"),
        )
        .rename({unit_col: key})
    )
    card = per_unit.join(per_encounter, on=key, how="left")
    names = _unit_names(data, by)
    measures = [m for m, _ in MEASURES]
    card = card.join(names, on=key, how="left").with_columns(
        pl.mean_horizontal(*measures).round(1).alias("overall"),
        pl.min_horizontal(*measures).alias("worst"),
    )
    return card.select(key, "unit", "n", "overall", "worst", *measures).sort(
        ["worst", "overall", "unit"], nulls_last=True
    )


def _per_referral(data: EvaluationData) -> pl.DataFrame:
    """Each referral with what the measures count: shared by the scheme and practice cards."""
    # Only the columns the measures read: the joins below copy every column they carry.
    episodes = data.episodes().select(
        "referral_id",
        "scheme_id",
        "practice_id",
        "ethnicity_group",
        "age_band",
        "sex",
        "source",
        "sessions_attended",
        "status",
        "received_on",
    )
    reasons = (
        data.table("referral_reasons").group_by("referral_id").agg(pl.len().alias("reason_count"))
    )
    scores = data.table("outcome_scores").filter(pl.col("kind") == "validated")
    baseline = (
        scores.filter(pl.col("timepoint") == "baseline")
        .select("referral_id", "instrument_id")
        .unique()
    )
    later = (
        scores.filter(pl.col("timepoint") != "baseline")
        .select("referral_id", "instrument_id")
        .unique()
    )
    paired = (
        baseline.join(later, on=["referral_id", "instrument_id"])
        .select("referral_id")
        .unique()
        .with_columns(pl.lit(True).alias("has_pair"))
    )
    has_baseline = (
        baseline.select("referral_id").unique().with_columns(pl.lit(True).alias("has_baseline"))
    )
    today = data.reference_date
    last_session = (
        data.table("encounters")
        .group_by("referral_id")
        .agg(pl.col("occurred_on").max().alias("last_session"))
    )
    ep = (
        episodes.join(reasons, on="referral_id", how="left")
        .join(has_baseline, on="referral_id", how="left")
        .join(paired, on="referral_id", how="left")
        .join(last_session, on="referral_id", how="left")
        .with_columns(
            pl.col("has_baseline").fill_null(False),
            pl.col("has_pair").fill_null(False),
            (pl.col("sessions_attended") > 0).alias("seen"),
            pl.col("status").is_in(OPEN_STATUSES).alias("open"),
        )
    )
    stuck = pl.lit(False)
    for status, days in STUCK_AFTER_DAYS.items():
        since = (
            pl.coalesce("last_session", "received_on")
            if status == "active"
            else pl.col("received_on")
        )
        stuck = stuck | ((pl.col("status") == status) & (since < today - timedelta(days=days)))
    return ep.with_columns(stuck.alias("stuck"))


def _unit_names(data: EvaluationData, by: str) -> pl.DataFrame:
    if by == "scheme":
        return data.table("schemes").select("scheme_id", pl.col("scheme_name").alias("unit"))
    return data.table("practices").select("practice_id", pl.col("practice_name").alias("unit"))


__all__ = ["MEASURES", "NOT_RECORDED_ETHNICITY", "scorecard"]
