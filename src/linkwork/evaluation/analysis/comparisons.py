"""Adjusted comparisons with the multilevel model (people within practices within schemes):
delivery models, as a total effect and at the same number of sessions, and deprivation
quintiles. Pure.

The ``*_fit`` functions are what the report publishes, unrounded; the simulation study calls
them too, so it tests exactly the estimates the report shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from linkwork.stats import InsufficientDataError, delivery_model_comparison
from linkwork.stats.results import GroupEffect, MixedModelResult

__all__ = [
    "AGE_MIDPOINTS",
    "AT_SAME_SESSIONS",
    "TOTAL_EFFECT",
    "Compare",
    "deprivation_comparison",
    "deprivation_fit",
    "model_comparison",
    "model_comparison_fit",
]

AGE_MIDPOINTS = {
    "0-15": 10,
    "16-24": 20,
    "25-34": 30,
    "35-44": 40,
    "45-54": 50,
    "55-64": 60,
    "65-74": 70,
    "75-84": 80,
    "85+": 88,
}
TOTAL_EFFECT = (
    "Total effect: the difference in mean change between delivery models, including any "
    "difference that comes from people attending more or fewer sessions under one model."
)
AT_SAME_SESSIONS = (
    "Effect at the same number of sessions: the difference in mean change between delivery "
    "models for people who attended the same number of sessions (1, 2, or 3 or more); the "
    "part of the total effect that does not come through attendance."
)
AT_SAME_SESSIONS_FAILED = (
    "The effect at the same number of sessions could not be estimated from these data."
)
SESSION_BANDS = ("sessions_2", "sessions_3plus")
# How a comparison is fitted: the model itself, or (in a report) the same answered from a cache.
Compare = Callable[..., MixedModelResult]
MODEL_COVARIATES = ("baseline", "age", "female", "deprivation")


def _prepared(frame: pl.DataFrame) -> pl.DataFrame:
    """People with a change, and the covariates both comparisons use. Deprivation enters as
    quintile categories (text), not a straight line: its effect need not be linear."""
    return frame.filter(pl.col("change").is_not_null()).with_columns(
        pl.col("age_band").replace_strict(AGE_MIDPOINTS, default=None).alias("age"),
        (pl.col("sex") == "female").cast(pl.Int8).alias("female"),
        pl.col("deprivation_quintile").cast(pl.String).alias("deprivation"),
        (pl.col("sessions_attended") == 2).cast(pl.Int8).alias("sessions_2"),
        (pl.col("sessions_attended") >= 3).cast(pl.Int8).alias("sessions_3plus"),
        pl.col("practice_id").fill_null(pl.col("scheme_id")).alias("practice"),
    )


def model_comparison_fit(
    frame: pl.DataFrame,
    *,
    at_same_sessions: bool,
    compare: Compare = delivery_model_comparison,
) -> MixedModelResult:
    """Delivery models against model 3 (or the first present), adjusted for baseline, age,
    sex and deprivation quintile; with ``at_same_sessions`` also for the session band.

    Raises InsufficientDataError if fewer than two models have paired scores or the model
    cannot be fitted."""
    pairs = _prepared(frame).filter(pl.col("model") != "unclassified")
    models = sorted(set(pairs["model"].to_list()))
    if len(models) < 2:
        raise InsufficientDataError("Only one delivery model has paired scores.")
    covariates = [*MODEL_COVARIATES, *(SESSION_BANDS if at_same_sessions else ())]
    return compare(
        pairs,
        outcome_change="change",
        group="model",
        covariates=covariates,
        practice="practice",
        scheme="scheme_id",
        reference="3" if "3" in models else models[0],
    )


def deprivation_fit(
    frame: pl.DataFrame, *, compare: Compare = delivery_model_comparison
) -> MixedModelResult:
    """Each deprivation quintile against the least deprived present, adjusted for baseline,
    age, sex, session band and delivery model."""
    pairs = _prepared(frame).filter(pl.col("deprivation_quintile").is_not_null())
    pairs = pairs.with_columns(
        *[(pl.col("model") == m).cast(pl.Int8).alias(f"model_{m}") for m in ("1", "2", "4")]
    )
    quintiles = sorted(set(pairs["quintile"].to_list()))
    if len(quintiles) < 2:
        raise InsufficientDataError("People's deprivation is known in only one quintile.")
    present_models = [f"model_{m}" for m in ("1", "2", "4") if pairs[f"model_{m}"].sum() > 0]
    return compare(
        pairs,
        outcome_change="change",
        group="quintile",
        covariates=["baseline", "age", "female", *SESSION_BANDS, *present_models],
        practice="practice",
        scheme="scheme_id",
        reference=quintiles[-1],
        level_name="deprivation quintile",
    )


def _interval(effect: GroupEffect) -> dict[str, Any]:
    return {
        "estimate": round(effect.estimate, 2),
        "ci_low": round(effect.ci_low, 2),
        "ci_high": round(effect.ci_high, 2),
        "p_value": round(effect.p_value, 4),
    }


def model_comparison(
    frame: pl.DataFrame, *, compare: Compare = delivery_model_comparison
) -> dict[str, Any]:
    """The total effect of each delivery model, with the effect at the same number of
    sessions beside it, each estimand stated in words."""
    try:
        result = model_comparison_fit(frame, at_same_sessions=False, compare=compare)
    except InsufficientDataError as exc:
        return {"note": str(exc)}
    try:
        conditional: dict[str, GroupEffect] = {
            e.level: e
            for e in model_comparison_fit(frame, at_same_sessions=True, compare=compare).effects
        }
        conditional_note = None
    except InsufficientDataError:
        conditional, conditional_note = {}, AT_SAME_SESSIONS_FAILED
    return {
        "reference": f"model {result.reference}",
        "n_reference": result.n_reference,
        "estimand": TOTAL_EFFECT,
        "at_same_sessions_estimand": AT_SAME_SESSIONS,
        "at_same_sessions_note": conditional_note,
        "effects": [
            {
                "group": f"model {e.level}",
                "n": e.n_people,
                **_interval(e),
                "at_same_sessions": _interval(conditional[e.level])
                if e.level in conditional
                else None,
            }
            for e in result.effects
        ],
        "n_people": result.n_people,
        "n_left_out": result.n_left_out,
        "n_practices": result.n_practices,
        "n_schemes": result.n_schemes,
        "variance": {
            "scheme": round(result.scheme_variance, 3),
            "practice": round(result.practice_variance, 3),
            "residual": round(result.residual_variance, 3),
        },
        "adjusted_for": ["baseline score", "age", "sex", "deprivation quintile (as categories)"],
        "caveats": list(result.caveats),
    }


def deprivation_comparison(
    frame: pl.DataFrame, *, compare: Compare = delivery_model_comparison
) -> dict[str, Any]:
    """Change by the person's deprivation quintile against the least deprived present,
    adjusted for baseline, age, sex, sessions attended and delivery model, with people within
    practices within schemes: does the service help the most deprived as much?"""
    try:
        result = deprivation_fit(frame, compare=compare)
    except InsufficientDataError as exc:
        return {"note": str(exc)}
    return {
        "reference": f"quintile {result.reference}",
        "n_reference": result.n_reference,
        "effects": [
            {"group": f"quintile {e.level}", "n": e.n_people, **_interval(e)}
            for e in result.effects
        ],
        "n_people": result.n_people,
        "n_left_out": result.n_left_out,
        "adjusted_for": ["baseline score", "age", "sex", "sessions attended", "delivery model"],
        "caveats": [
            "Observational data: people in different areas differ in more than deprivation.",
            "People whose postcode is not in the lookup are left out, not guessed.",
        ],
    }
