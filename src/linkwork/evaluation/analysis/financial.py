"""Financial gains: how much money (or support in kind) people gained through link work, in
total and per person seen, by scheme, delivery model and deprivation quintile, and by type of
gain. Pure polars.

Who counts
----------
"People seen" are episodes with at least one attended session, as in the report's
connections figures (a person referred twice counts twice). Only gains recorded on those
episodes are counted, so every table adds up to the same whole; a gain recorded on an
episode nobody attended is left out.

Amounts
-------
Amounts are summed as recorded, in pence, and given in whole pounds. A yearly amount (a
benefit award) counts once, as one year's value; ``annual_total`` says how much of a total is
yearly. ``per_person`` is the total divided by the people seen in the group (so people with
no gain count, at nothing); ``per_person_with_gain`` divides by those with at least one gain.
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from linkwork.evaluation.analysis.data import EvaluationData

__all__ = ["GAIN_COLUMNS", "financial_gains"]

GAIN_COLUMNS = {
    "referral_id": pl.Utf8,
    "gain_type": pl.Utf8,
    "amount_pence": pl.Int64,
    "annual": pl.Boolean,
}
PENCE = 100


def _gains(data: EvaluationData) -> pl.DataFrame:
    # A package exported before the dataset had financial gains reads as none recorded.
    found = data.tables.get("financial_gains")
    if found is None:
        return pl.DataFrame(schema=GAIN_COLUMNS)
    return found.select(list(GAIN_COLUMNS)).with_columns(pl.col("annual").fill_null(False))


def _pounds(pence: float) -> int:
    """Whole pounds, halves up as money is usually rounded (Python's round() would take
    £4,550.50 down to the even £4,550)."""
    return math.floor(pence / PENCE + 0.5)


def _row(group: str, seen: int, with_gain: int, pence: int, annual: int) -> dict[str, Any]:
    return {
        "group": group,
        "n": seen,
        "with_gain": with_gain,
        "total": _pounds(pence),
        "annual_total": _pounds(annual),
        "per_person": _pounds(pence / seen) if seen else None,
        "per_person_with_gain": _pounds(pence / with_gain) if with_gain else None,
    }


def _by(people: pl.DataFrame, column: str) -> list[dict[str, Any]]:
    rows = (
        people.group_by(column)
        .agg(
            pl.len().alias("seen"),
            (pl.col("gains") > 0).sum().alias("with_gain"),
            pl.col("pence").sum(),
            pl.col("annual").sum(),
        )
        .sort(column)
    )
    return [
        _row(str(r[column]), r["seen"], r["with_gain"], r["pence"], r["annual"])
        for r in rows.iter_rows(named=True)
    ]


def financial_gains(data: EvaluationData) -> dict[str, Any]:
    """Totals and amounts per person seen, overall and by scheme, delivery model (as the
    outcome breakdowns name it) and deprivation quintile of the person's home ("unknown"
    where the postcode is not matched), and the gains of each type."""
    seen = data.episodes().filter(pl.col("sessions_attended") > 0)
    gains = _gains(data).join(seen.select("referral_id"), on="referral_id", how="semi")
    per_episode = gains.group_by("referral_id").agg(
        pl.len().alias("gains"),
        pl.col("amount_pence").sum().alias("pence"),
        pl.col("amount_pence").filter(pl.col("annual")).sum().alias("annual"),
    )
    people = seen.join(per_episode, on="referral_id", how="left").with_columns(
        pl.col("gains").fill_null(0),
        pl.col("pence").fill_null(0),
        pl.col("annual").fill_null(0),
        pl.col("scheme_name").fill_null("not recorded"),
    )
    [overall] = _by(people.with_columns(pl.lit("all").alias("all")), "all") or [
        _row("all", 0, 0, 0, 0)
    ]
    overall["gains"] = gains.height
    per_type = (
        gains.group_by("gain_type")
        .agg(
            pl.col("referral_id").n_unique().alias("n"),
            pl.len().alias("gains"),
            pl.col("amount_pence").sum().alias("pence"),
        )
        .sort("pence", "gain_type", descending=[True, False])
    )
    return {
        "overall": overall,
        "by_scheme": _by(people, "scheme_name"),
        "by_delivery_model": _by(people, "model"),
        "by_deprivation": _by(people, "quintile"),
        "by_type": [
            {
                "group": r["gain_type"],
                "n": r["n"],
                "gains": r["gains"],
                "total": _pounds(r["pence"]),
            }
            for r in per_type.iter_rows(named=True)
        ],
    }
