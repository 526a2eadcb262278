"""Values no real record can hold: set aside before the analysis, counted, and named in the
data-quality scorecard in plain English, so one bad record never stops a report. Pure polars.

A record is left out only of the figures that need the impossible value: a session dated
before its referral drops out of the session measures, a questionnaire score outside its
instrument's range drops out of outcome change, and so on; everything else still counts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl

from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.outcomes.scoring import get_definition

BIRTH_AFTER_REFERRAL = "birth_after_referral"
SESSION_BEFORE_REFERRAL = "session_before_referral"
CONTACT_BEFORE_REFERRAL = "contact_before_referral"
SCORE_OUT_OF_RANGE = "score_out_of_range"

# (singular, plural) wording for each check; {n} is the count.
WORDING: dict[str, tuple[str, str]] = {
    BIRTH_AFTER_REFERRAL: (
        "{n} referral has a date of birth after the referral date: its age is left out and "
        "counts as not recorded.",
        "{n} referrals have a date of birth after the referral date: their ages are left out "
        "and count as not recorded.",
    ),
    SESSION_BEFORE_REFERRAL: (
        "{n} session is dated before its referral was received: it is left out of the "
        "session measures.",
        "{n} sessions are dated before their referral was received: they are left out of the "
        "session measures.",
    ),
    CONTACT_BEFORE_REFERRAL: (
        "{n} referral has its first contact before the referral date: its waiting time is "
        "left out.",
        "{n} referrals have their first contact before the referral date: their waiting times "
        "are left out.",
    ),
    SCORE_OUT_OF_RANGE: (
        "{n} questionnaire score lies outside what its questionnaire can give: it is left out "
        "of outcome change.",
        "{n} questionnaire scores lie outside what their questionnaire can give: they are left "
        "out of outcome change.",
    ),
}


@dataclass(frozen=True, slots=True)
class SetAside:
    key: str
    count: int

    @property
    def line(self) -> str:
        singular, plural = WORDING[self.key]
        return (singular if self.count == 1 else plural).format(n=f"{self.count:,}")


def _score_ranges(instrument_ids: list[str]) -> pl.DataFrame:
    rows = []
    for instrument_id in instrument_ids:
        try:
            valid = get_definition(instrument_id).score_range
        except ValueError:
            continue  # a bespoke tool or one this version does not know: nothing to check
        if valid is not None:
            rows.append({"instrument_id": instrument_id, "low": valid[0], "high": valid[1]})
    return pl.DataFrame(
        rows, schema={"instrument_id": pl.Utf8, "low": pl.Float64, "high": pl.Float64}
    )


def _mask(table: pl.DataFrame, lookup: pl.DataFrame, *, on: str, condition: pl.Expr) -> pl.Series:
    """Which rows of `table` meet `condition` against their row of `lookup` (one row per key),
    in the table's own order; no row is copied but the key and the columns compared."""
    compared = dict.fromkeys(c for c in condition.meta.root_names() if c in table.columns)
    needed = [on, *(c for c in compared if c != on)]
    return (
        table.select(needed)
        # One row per key, so the mask lines up with the table even if a package repeats one.
        .join(lookup.unique(subset=on, keep="first"), on=on, how="left", maintain_order="left")
        .select(condition.fill_null(False).alias("impossible"))
        .to_series()
    )


def _without(table: pl.DataFrame, impossible: pl.Series) -> pl.DataFrame:
    # The whole table is copied only when something is left out of it: a national year's
    # sessions and questionnaires are its largest tables.
    return table.filter(~impossible) if impossible.any() else table


def set_aside_impossible(
    tables: Mapping[str, pl.DataFrame],
) -> tuple[dict[str, pl.DataFrame], dict[str, int]]:
    """The tables without the impossible values they hold, and how many of each were set
    aside."""
    cleaned = dict(tables)
    counts: dict[str, int] = {}
    referrals = tables["referrals"]

    received = referrals.select("referral_id", pl.col("received_on").alias("_received"))
    early = _mask(
        tables["encounters"],
        received,
        on="referral_id",
        condition=pl.col("occurred_on") < pl.col("_received"),
    )
    counts[SESSION_BEFORE_REFERRAL] = int(early.sum())
    cleaned["encounters"] = _without(tables["encounters"], early)

    negative_wait = pl.col("waiting_days") < 0
    counts[CONTACT_BEFORE_REFERRAL] = int(referrals.select(negative_wait.sum()).item() or 0)
    if counts[CONTACT_BEFORE_REFERRAL]:
        cleaned["referrals"] = referrals.with_columns(
            pl.when(negative_wait)
            .then(None)
            .otherwise(pl.col("waiting_days"))
            .alias("waiting_days")
        )

    scores = tables["outcome_scores"]
    ranges = _score_ranges(scores["instrument_id"].unique().drop_nulls().to_list())
    outside = _mask(
        scores,
        ranges,
        on="instrument_id",
        condition=(pl.col("primary_score") < pl.col("low"))
        | (pl.col("primary_score") > pl.col("high")),
    )
    counts[SCORE_OUT_OF_RANGE] = int(outside.sum())
    cleaned["outcome_scores"] = _without(scores, outside)
    return cleaned, counts


def evaluation_data(
    tables: Mapping[str, pl.DataFrame],
    *,
    reference_date: date,
    recorded: Mapping[str, int] | None = None,
) -> EvaluationData:
    """The evaluation's input with impossible values set aside. `recorded` carries the counts
    only the live database can know (a date of birth is not in the pseudonymised dataset)."""
    cleaned, counts = set_aside_impossible(tables)
    counts = {**dict(recorded or {}), **counts}
    set_aside = tuple(
        SetAside(key=key, count=counts[key]) for key in WORDING if counts.get(key, 0) > 0
    )
    return EvaluationData(tables=cleaned, reference_date=reference_date, set_aside=set_aside)


__all__ = ["WORDING", "SetAside", "evaluation_data", "set_aside_impossible"]
