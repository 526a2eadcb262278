"""The evaluation's input: the common dataset's tables as polars frames. Pure: no Django, so
the same analysis runs on an exported package or on the live database."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import polars as pl

from linkwork.people.equalities import EQUALITIES_FIELDS

if TYPE_CHECKING:
    from linkwork.evaluation.analysis.plausibility import SetAside

# The equalities monitoring columns of the people table, as the dataset bands them.
EQUALITIES_COLUMNS = EQUALITIES_FIELDS
# Columns of the dataset the evaluation never reads, left out when it reads a package: a
# national year's questionnaires and sessions are its largest tables, and these are a third
# of their memory. A column read anyway fails loudly (polars: no such column).
NOT_READ: Mapping[str, tuple[str, ...]] = {
    "outcome_scores": (
        "administration_id",
        "definition_version",
        "mode",
        "primary_measure",
        "metric",
        "bands_json",
        "flags",
        "prorated",
    ),
    "encounters": ("mode", "session_number"),
    "connections": ("connection_id", "target", "service_id"),
    "referrals": (
        "closed_on",
        "decline_reason",
        "sessions_missed",
        "at_risk",
        "previous_referral_id",
    ),
    "people": ("small_area_code", "deprivation_index", "linkage_id"),
}
NOT_RECORDED_ETHNICITY = ("", "Z", "99", "SZ", "S99")
OPEN_STATUSES = ("received", "accepted", "waiting", "active")


def group_work_of(attended: pl.Expr, in_groups: pl.Expr) -> pl.Expr:
    """The group work band of an episode; "not recorded" for a package from before the
    dataset counted group sessions."""
    return (
        pl.when(in_groups.is_null())
        .then(pl.lit("not recorded"))
        .when(attended.fill_null(0) == 0)
        .then(pl.lit("no_sessions"))
        .when(in_groups == 0)
        .then(pl.lit("one_to_one"))
        .when(in_groups >= attended)
        .then(pl.lit("group_only"))
        .otherwise(pl.lit("mixed"))
        .alias("group_work")
    )


@dataclass(frozen=True)
class EvaluationData:
    tables: Mapping[str, pl.DataFrame]
    reference_date: date
    # Impossible values left out of the tables (see analysis.plausibility), for the scorecard.
    set_aside: tuple[SetAside, ...] = ()
    # Frames worked out from the tables, kept for the next section of the report that needs
    # them: the tables never change and polars frames are immutable, so sharing is safe.
    _derived: dict[str, pl.DataFrame] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def table(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    def derived(self, key: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """The frame `build` makes, made once per key."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]

    def episodes(self) -> pl.DataFrame:
        """Referrals with the person's demographics and the scheme's model and region."""
        return self.derived("episodes", self._episodes)

    def _episodes(self) -> pl.DataFrame:
        people = self.table("people")
        # Frames built by hand, or by a source that does not ask, may lack the columns.
        people = people.with_columns(
            pl.lit(None, dtype=pl.Utf8).alias(name)
            for name in EQUALITIES_COLUMNS
            if name not in people.columns
        ).select(
            "person",
            "sex",
            "gender_identity",
            "ethnicity",
            "deprivation_decile",
            "deprivation_quintile",
            "postcode_status",
            *EQUALITIES_COLUMNS,
        )
        schemes = self.table("schemes").select(
            "scheme_id", "scheme_name", "region", "country", "delivery_model"
        )
        referrals = self.table("referrals")
        if "group_sessions_attended" not in referrals.columns:
            referrals = referrals.with_columns(
                pl.lit(None, dtype=pl.Int64).alias("group_sessions_attended")
            )
        return (
            referrals.join(people, on="person", how="left")
            .join(schemes, on="scheme_id", how="left")
            .with_columns(
                pl.when(
                    pl.col("ethnicity").is_null()
                    | pl.col("ethnicity").is_in(NOT_RECORDED_ETHNICITY)
                )
                .then(pl.lit("Not recorded"))
                .otherwise(pl.col("ethnicity"))
                .alias("ethnicity_group"),
                pl.col("delivery_model").cast(pl.Utf8).fill_null("unclassified").alias("model"),
                pl.col("deprivation_quintile").cast(pl.Utf8).fill_null("unknown").alias("quintile"),
                group_work_of(pl.col("sessions_attended"), pl.col("group_sessions_attended")),
                # Nobody asked: a group of its own, apart from "prefers not to say".
                *(pl.col(name).fill_null("not recorded") for name in EQUALITIES_COLUMNS),
            )
        )
