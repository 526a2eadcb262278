"""Outcome change: paired baseline to follow-up for each validated instrument, broken down,
by number of sessions, by delivery model (multilevel), and the attrition check. Pure.

Pairing rule: for each episode and instrument, the baseline is the first administration at the
baseline timepoint; the follow-up is the last follow-up administration after it, or failing
that the last at discharge. Mid-episode reviews are not follow-ups. Instruments reported item
by item (ONS4) are analysed per item, as "ons4.anxiety" and so on. Bespoke tools are kept
apart."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import stats as scipy_stats

from linkwork.evaluation.analysis.comparisons import (
    Compare,
    deprivation_comparison,
    model_comparison,
)
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.outcomes.scoring import get_definition
from linkwork.people.equalities import QUESTIONS
from linkwork.stats import (
    InsufficientDataError,
    change_by_sessions,
    delivery_model_comparison,
    paired_change,
    share_improved,
    suppress_rows,
)

FOLLOW_UP_PREFERENCE = {"follow_up": 0, "discharge": 1}
BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("scheme_name", "Scheme"),
    ("model", "Delivery model"),
    ("region", "Region"),
    ("quintile", "Deprivation quintile (1 = most deprived)"),
    ("ethnicity_group", "Ethnicity"),
    ("age_band", "Age band"),
    ("sex", "Sex"),
    ("group_work", "Group work"),
    # Equalities monitoring, in the dataset's bands (people.equalities).
    *((question.field, question.label) for question in QUESTIONS),
)


def measures(scores: pl.DataFrame) -> pl.DataFrame:
    """One row per administration and measure: the primary score, or for instruments reported
    item by item, each item under "instrument.item"."""
    whole = scores.filter(pl.col("primary_score").is_not_null())
    per_item = scores.filter(pl.col("primary_score").is_null() & (pl.col("kind") == "validated"))
    if per_item.is_empty():
        return whole
    # Each distinct answer text is decoded once (a national year repeats a few thousand texts
    # over millions of rows), then joined back to its rows in row and item order.
    items = _items_of(per_item.get_column("parts_json").unique().to_list())
    if items.is_empty():
        return whole
    unpacked = (
        per_item.with_row_index("_row")
        .join(items, on="parts_json", how="inner")
        .sort("_row", "_item")
        .with_columns(
            (pl.col("instrument_id") + pl.col("_code")).alias("instrument_id"),
            pl.col("_value").cast(scores.schema["primary_score"]).alias("primary_score"),
        )
        .select(scores.columns)
    )
    return pl.concat([whole, unpacked], how="vertical")


def _items_of(texts: list[str | None]) -> pl.DataFrame:
    """The numeric items of each answer text: (text, item order, ".code", value)."""
    rows = [
        (text, order, f".{code}", float(value))
        for text in texts
        if text is not None
        for order, (code, value) in enumerate(json.loads(text or "{}").items())
        if isinstance(value, int | float)
    ]
    return pl.DataFrame(
        rows,
        schema={"parts_json": pl.Utf8, "_item": pl.Int64, "_code": pl.Utf8, "_value": pl.Float64},
        orient="row",
    )


def direction_and_mic(measure: str) -> tuple[bool, float | None, str]:
    """(higher is better, minimal important change, name) of a measure."""
    base, _, item = measure.partition(".")
    try:
        definition = get_definition(base)
    except ValueError:
        return True, None, measure
    if not item:
        return definition.higher_is_better, definition.mic, definition.name
    # ONS4 anxiety runs the other way; its items carry no minimal important change.
    return item != "anxiety", None, f"{definition.name}: {item.replace('_', ' ')}"


def paired_frame(data: EvaluationData, *, kind: str = "validated") -> pl.DataFrame:
    """Each episode's baseline and follow-up per measure (the pairing rule above), with the
    episode's groups."""
    return with_groups(data, pairs_of(data, kind=kind))


def pairs_of(data: EvaluationData, *, kind: str = "validated") -> pl.DataFrame:
    """The pairs alone, without the episode's groups: worked out once per data and kind.
    Kept narrow because a national year has millions of pairs; the groups are joined a
    measure at a time (with_groups)."""
    return data.derived(f"pairs:{kind}", lambda: _pairs(data, kind))


def with_groups(data: EvaluationData, pairs: pl.DataFrame) -> pl.DataFrame:
    """Pairs with their episode's groups, in the pairs' order."""
    episodes = data.episodes().select(
        "referral_id",
        "person",
        "scheme_id",
        "scheme_name",
        "practice_id",
        "region",
        "model",
        "quintile",
        "deprivation_quintile",
        "ethnicity_group",
        "age_band",
        "sex",
        *(question.field for question in QUESTIONS),
        "sessions_attended",
        "group_work",
    )
    own = [name for name in pairs.columns if name != "change"]
    return pairs.join(episodes, on="referral_id", how="inner", maintain_order="left").select(
        *own, *(name for name in episodes.columns if name != "referral_id"), "change"
    )


def _pairs(data: EvaluationData, kind: str) -> pl.DataFrame:
    scores = measures(
        data.table("outcome_scores")
        .filter((pl.col("kind") == kind) & pl.col("referral_id").is_not_null())
        # Only what pairing reads: the sorts and groupings below move every column.
        .select(
            "referral_id",
            "instrument_id",
            "kind",
            "timepoint",
            "administered_on",
            "primary_score",
            "parts_json",
        )
    )
    baseline = (
        scores.filter(pl.col("timepoint") == "baseline")
        .sort("administered_on")
        .group_by(["referral_id", "instrument_id"], maintain_order=True)
        .first()
        .select(
            "referral_id",
            "instrument_id",
            pl.col("administered_on").alias("baseline_on"),
            pl.col("primary_score").alias("baseline"),
        )
    )
    later = (
        scores.filter(pl.col("timepoint").is_in(list(FOLLOW_UP_PREFERENCE)))
        .join(baseline, on=["referral_id", "instrument_id"])
        .filter(pl.col("administered_on") > pl.col("baseline_on"))
        .with_columns(pl.col("timepoint").replace_strict(FOLLOW_UP_PREFERENCE).alias("rank"))
        .sort(["rank", "administered_on"], descending=[False, True])
        .group_by(["referral_id", "instrument_id"], maintain_order=True)
        .first()
        .select(
            "referral_id",
            "instrument_id",
            pl.col("primary_score").alias("follow_up"),
            pl.col("timepoint").alias("follow_up_timepoint"),
        )
    )
    return baseline.join(later, on=["referral_id", "instrument_id"], how="left").with_columns(
        (pl.col("follow_up") - pl.col("baseline")).alias("change")
    )


def _summary(frame: pl.DataFrame, instrument: str) -> dict[str, Any]:
    pairs = frame.filter(pl.col("change").is_not_null())
    return _summary_of(
        pairs["baseline"].to_numpy(),
        pairs["follow_up"].to_numpy(),
        pairs["change"].to_numpy(),
        instrument,
    )


def _summary_of(
    baseline: NDArray[np.float64],
    follow_up: NDArray[np.float64],
    change: NDArray[np.float64],
    instrument: str,
) -> dict[str, Any]:
    """The summary of one group's pairs, given as arrays in row order."""
    higher_is_better, mic, _ = direction_and_mic(instrument)
    row: dict[str, Any] = {"n": int(baseline.size)}
    try:
        result = paired_change(baseline, follow_up)
    except InsufficientDataError as exc:
        row["note"] = str(exc)
        return row
    row.update(
        mean_baseline=round(result.mean_baseline, 2),
        mean_follow_up=round(result.mean_follow_up, 2),
        mean_change=round(result.mean_change, 2),
        ci_low=round(result.ci_low, 2),
        ci_high=round(result.ci_high, 2),
        # Both effect sizes, because published studies quote either: d_z (change over the SD
        # of individual changes) grows with how consistently people changed; d_av (change
        # over the average of the baseline and follow-up SDs) is comparable with
        # between-group Cohen's d (Lakens 2013).
        effect_size_dz=round(result.cohens_dz, 2),
        effect_size_dav=round(result.cohens_dav, 2),
        p_value=round(result.p_value, 4),
    )
    if mic:
        improved = share_improved(change, mic=mic, higher_is_better=higher_is_better)
        row.update(
            mic=mic,
            improved=improved.successes,
            improved_percent=round(100 * improved.proportion, 1),
            improved_low=round(100 * improved.low, 1),
            improved_high=round(100 * improved.high, 1),
        )
    return row


def _breakdown(
    frame: pl.DataFrame, column: str, instrument: str, threshold: int | None
) -> list[dict[str, Any]]:
    # One stable sort, then each group is a slice of the columns: a national year has
    # thousands of groups, and a filter per group would scan every pair each time.
    pairs = (
        frame.filter(pl.col("change").is_not_null())
        .select(column, "baseline", "follow_up", "change")
        .sort(column, maintain_order=True)
    )
    baseline, follow_up, change = (
        pairs[name].to_numpy() for name in ("baseline", "follow_up", "change")
    )
    rows = []
    start = 0
    for value, size in pairs.group_by(column, maintain_order=True).len().iter_rows():
        part = slice(start, start + size)
        start += size
        rows.append(
            {
                "group": str(value) if value is not None else "not recorded",
                **_summary_of(baseline[part], follow_up[part], change[part], instrument),
            }
        )
    rows.sort(key=lambda r: r["group"])
    if threshold is None:
        return rows
    return [dict(r) for r in suppress_rows(rows, threshold=threshold, total_reported=True)]


def _dose_response(frame: pl.DataFrame, threshold: int | None) -> list[dict[str, Any]]:
    pairs = frame.filter(pl.col("change").is_not_null())
    try:
        groups = change_by_sessions(pairs, change="change", sessions="sessions_attended")
    except InsufficientDataError as exc:
        return [{"group": "all", "n": pairs.height, "note": str(exc)}]
    rows = [
        {
            "group": g.label,
            "n": g.n,
            "mean_change": _round(g.mean_change),
            "ci_low": _round(g.ci_low),
            "ci_high": _round(g.ci_high),
        }
        for g in groups
    ]
    if threshold is None:
        return rows
    return [dict(r) for r in suppress_rows(rows, threshold=threshold, total_reported=True)]


def _round(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 2)


def attrition(frame: pl.DataFrame) -> dict[str, Any]:
    """Do people whose follow-up is missing differ from those who have one?"""
    with_follow = frame.filter(pl.col("follow_up").is_not_null())
    without = frame.filter(pl.col("follow_up").is_null())

    def describe(part: pl.DataFrame) -> dict[str, Any]:
        if part.height == 0:
            return {"n": 0}
        most_deprived = part.filter(pl.col("deprivation_quintile") == 1).height
        known = part.filter(pl.col("deprivation_quintile").is_not_null()).height
        return {
            "n": part.height,
            "mean_baseline": round(float(part["baseline"].mean()), 2),  # type: ignore[arg-type]
            "mean_sessions": round(float(part["sessions_attended"].mean()), 2),  # type: ignore[arg-type]
            "most_deprived_percent": round(100 * most_deprived / known, 1) if known else None,
        }

    result: dict[str, Any] = {
        "with_follow_up": describe(with_follow),
        "without_follow_up": describe(without),
    }
    if with_follow.height >= 2 and without.height >= 2:
        test = scipy_stats.ttest_ind(
            with_follow["baseline"].to_list(), without["baseline"].to_list(), equal_var=False
        )
        result["baseline_difference"] = round(
            result["with_follow_up"]["mean_baseline"]
            - result["without_follow_up"]["mean_baseline"],
            2,
        )
        result["baseline_p_value"] = round(float(test.pvalue), 4)
    total = frame.height
    result["missing_percent"] = round(100 * without.height / total, 1) if total else None
    return result


def instrument_results(
    data: EvaluationData,
    *,
    threshold: int | None,
    kind: str = "validated",
    compare: Compare = delivery_model_comparison,
) -> list[dict[str, Any]]:
    """One block of results per instrument with any baseline. `threshold` None means no
    small-number suppression (a scheme manager looking at their own scheme). `compare` fits
    the multilevel model (a report passes one that answers from its cache)."""
    pairs = pairs_of(data, kind=kind)
    results = []
    for instrument in sorted(set(pairs["instrument_id"].to_list())):
        part = with_groups(data, pairs.filter(pl.col("instrument_id") == instrument))
        name = direction_and_mic(instrument)[2]
        summary = _summary(part, instrument) if kind == "validated" else {"n": part.height}
        block: dict[str, Any] = {
            "instrument": instrument,
            "name": name,
            "baselines": part.height,
            "summary": summary,
        }
        if threshold is not None and summary.get("n", 0) < threshold:
            block["summary"] = {"n": summary.get("n", 0), "suppressed": True}
            results.append(block)
            continue
        if kind == "validated":
            block["breakdowns"] = {
                label: _breakdown(part, column, instrument, threshold)
                for column, label in BREAKDOWNS
            }
            block["dose_response"] = _dose_response(part, threshold)
            block["delivery_models"] = model_comparison(part, compare=compare)
            block["deprivation"] = deprivation_comparison(part, compare=compare)
            block["attrition"] = attrition(part)
        results.append(block)
    return results
