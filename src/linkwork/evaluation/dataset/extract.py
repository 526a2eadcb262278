"""Reading the live database into the common dataset's tables (polars data frames).

Everything downstream, the export and the evaluation, works on these frames, so the analysis
runs the same on an export as on the live database.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from linkwork.core.bulk_read import value_columns, value_frame
from linkwork.episodes.models import Connection, Encounter, FinancialGain, Referral
from linkwork.episodes.vocab import EncounterMode, FinancialGainType
from linkwork.evaluation.analysis.plausibility import BIRTH_AFTER_REFERRAL
from linkwork.evaluation.dataset.pseudonymise import (
    Linker,
    Pseudonymiser,
    referral_age_band_expr,
)
from linkwork.evaluation.dataset.spec import TABLE_BY_NAME, TableSpec
from linkwork.implementation.assessment import practice_indicator_rows
from linkwork.lookups.models import AreaDeprivation, PostcodeLookup, PracticeDeprivation
from linkwork.lookups.selectors import (
    FROM_PREMISES_POSTCODE,
    FROM_REGISTERED_PATIENTS,
    practice_deprivation_by_code,
)
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Scheme
from linkwork.organisations.selectors import scheme_delivery_model, scheme_list
from linkwork.outcomes.models import Administration
from linkwork.people.equalities import QUESTIONS
from linkwork.people.models import Person
from linkwork.voice.models import FeedbackRequest
from linkwork.voice.questionnaire import ITEM_CODES
from linkwork.workforce.models import (
    GpAppointments,
    LinkWorkerPost,
    PracticeFund,
    ProtectedTime,
    SupportSession,
    TrainingRecord,
    WorkforceStandard,
)
from linkwork.workforce.selectors import scheme_cost_rows
from linkwork.workforce.vocab import DEFAULT_SUPERVISION_INTERVAL_DAYS, SessionKind, wte

GROUP_MODE = EncounterMode.GROUP.value
# Rows per round trip when streaming a table, and ids per IN list where a caller holds ids
# in hand (SQLite allows a few thousand variables in one statement).
ID_BATCH = 2000

POLARS_TYPES: dict[str, Any] = {
    "string": pl.Utf8,
    "integer": pl.Int64,
    "number": pl.Float64,
    "date": pl.Date,
    "boolean": pl.Boolean,
}


@dataclass(frozen=True)
class ExportFilters:
    scheme_slugs: tuple[str, ...] = ()
    region_slug: str | None = None
    start: date | None = None  # referrals received on or after
    end: date | None = None  # referrals received on or before


@dataclass
class Extract:
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    scheme_ids: list[uuid.UUID] = field(default_factory=list)
    person_ids: list[uuid.UUID] = field(default_factory=list)
    # Impossible values only the live database shows, counted for the data-quality scorecard.
    set_aside: dict[str, int] = field(default_factory=dict)


def frame(
    spec: TableSpec, rows: Iterable[Mapping[str, Any]], *, identifiable: bool
) -> pl.DataFrame:
    names = spec.field_names(identifiable=identifiable)
    schema = {f.name: POLARS_TYPES[f.type] for f in spec.fields if f.name in names}
    strings = {f.name for f in spec.fields if f.type == "string"}
    # An empty text is a missing value in the dataset, as in its CSV form.
    records = [
        {
            name: (None if name in strings and row.get(name) == "" else row.get(name))
            for name in names
        }
        for row in rows
    ]
    return (
        pl.DataFrame(records, schema=schema, orient="row")
        if records
        else pl.DataFrame(schema=schema)
    )


def _codes(values: Iterable[str]) -> str:
    return " ".join(values)


def selected_schemes(filters: ExportFilters) -> list[Scheme]:
    qs = scheme_list()
    if filters.scheme_slugs:
        qs = qs.filter(slug__in=filters.scheme_slugs)
    if filters.region_slug:
        qs = qs.filter(region__slug=filters.region_slug)
    return list(qs)


def _standards(scheme_ids: Iterable[object]) -> dict[object, tuple[int, list[str]]]:
    """Each scheme's workforce standard: the supervision interval and the required courses."""
    return {
        scheme_id: (interval, list(courses or []))
        for scheme_id, interval, courses in WorkforceStandard.objects.filter(
            scheme_id__in=list(scheme_ids)
        ).values_list("scheme_id", "supervision_interval_days", "required_courses")
    }


def _scheme_rows(schemes: list[Scheme]) -> list[dict[str, Any]]:
    rows = []
    standards = _standards(s.pk for s in schemes)
    for scheme in schemes:
        interval, courses = standards.get(scheme.pk, (DEFAULT_SUPERVISION_INTERVAL_DAYS, []))
        model = scheme_delivery_model(scheme)
        policy = getattr(scheme, "policy", None)
        rows.append(
            {
                "scheme_id": str(scheme.pk),
                "scheme_name": scheme.name,
                "region": scheme.region.name,
                "country": scheme.region.country,
                "delivery_model": model.effective,
                "delivery_model_derived": model.derived.model,
                "delivery_model_overridden": model.is_overridden,
                "commissioner_kind": scheme.commissioner.kind,
                "employer_kind": scheme.employer.kind,
                "supervision_interval_days": interval,
                "required_courses": len(courses),
                **(
                    {
                        "age_band": policy.age_band,
                        "age_min": policy.age_min,
                        "age_max": policy.age_max,
                        "accepted_sources": _codes(policy.accepted_sources),
                        "priority_groups": _codes(policy.priority_groups),
                        "session_cap": policy.session_cap,
                        "at_risk_exception": policy.at_risk_exception,
                        "rereferral_min_gap_days": policy.rereferral_min_gap_days,
                        "exclusions": _codes(policy.exclusions),
                        "home_visits": policy.home_visits,
                        "accompaniment": policy.accompaniment,
                        "outcome_tools": _codes(policy.outcome_tools),
                    }
                    if policy
                    else {}
                ),
            }
        )
    return rows


def _practice_rows(schemes: list[Scheme]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    links = [
        {"scheme_id": str(s.pk), "practice_id": str(p.pk)}
        for s in schemes
        for p in s.practices.all()
    ]
    ids = {link["practice_id"] for link in links}
    practices = Organisation.objects.filter(pk__in=ids).select_related("parent", "region")
    places = _practice_deprivation([p.postcode for p in practices])
    registered = practice_deprivation_by_code(p.code for p in practices)
    rows = [
        {
            "practice_id": str(p.pk),
            "practice_code": p.code,
            "practice_name": p.name,
            "region": p.region.name,
            "unit_id": str(p.parent_id) if p.parent_id else None,
            "unit_name": p.parent.name if p.parent else None,
            "unit_kind": p.parent.kind
            if p.parent and p.parent.kind in {OrgKind.PCN.value, OrgKind.HSCP.value}
            else None,
            "list_size": p.list_size,
            **_deprivation_of(places.get(p.postcode, {}), registered.get(p.code.upper())),
        }
        for p in practices.order_by("name")
    ]
    return rows, links


def _deprivation_of(
    premises: dict[str, Any], registered: PracticeDeprivation | None
) -> dict[str, Any]:
    """The practice's deprivation: from its registered patients' areas where a practice-
    population file has been loaded for it (the Deep End measure), else from the small area of
    its premises' postcode, saying which."""
    if registered is not None and registered.practice_quintile is not None:
        return {
            "small_area_code": premises.get("small_area_code"),
            "deprivation_decile": registered.practice_decile,
            "deprivation_quintile": registered.practice_quintile,
            "deprivation_source": FROM_REGISTERED_PATIENTS,
            "deep_end_share": registered.deep_end_share,
        }
    if not premises:
        return {}
    return {**premises, "deprivation_source": FROM_PREMISES_POSTCODE, "deep_end_share": None}


def _practice_deprivation(postcodes: list[str]) -> dict[str, dict[str, Any]]:

    lookups = {
        p.postcode: p.small_area_code
        for p in PostcodeLookup.objects.filter(postcode__in=[pc for pc in postcodes if pc])
    }
    areas = {
        a.area_code: a for a in AreaDeprivation.objects.filter(area_code__in=set(lookups.values()))
    }
    places = {}
    for postcode, code in lookups.items():
        area = areas.get(code)
        places[postcode] = {
            "small_area_code": code,
            "deprivation_decile": area.decile if area else None,
            "deprivation_quintile": area.quintile if area else None,
        }
    return places


def _referral_queryset(filters: ExportFilters, schemes: QuerySet[Scheme]) -> QuerySet[Referral]:
    """The extracted episodes, as a query every other table filters by (a subquery, never a
    list of ids). A person whose processing is restricted (UK GDPR Article 18) is left out of
    every extract until the restriction is lifted: their episodes, and with them their
    sessions, connections and scores, are not read at all."""
    qs = Referral.objects.filter(scheme__in=schemes, person__restricted=False)
    if filters.start:
        qs = qs.filter(received_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(received_on__lte=filters.end)
    return qs


def _referrals(filters: ExportFilters, scheme_ids: list[uuid.UUID]) -> list[Referral]:
    """The extracted episodes as objects with their session counts, for callers reading a
    few; the extract itself streams them (see `_referral_columns`)."""
    qs = _referral_queryset(filters, Scheme.objects.filter(pk__in=scheme_ids))
    return list(
        qs.select_related("person")
        .annotate(
            attended=Count("encounters", filter=Q(encounters__attended=True)),
            missed=Count("encounters", filter=Q(encounters__attended=False)),
        )
        .order_by("scheme_id", "received_on", "id")
    )


def _columns(qs: QuerySet[Any], fields: Sequence[str]) -> dict[str, list[Any]]:
    """The query's values, column by column (keys as text; `core.bulk_read`)."""
    return value_columns(qs, fields)


def _text(values: Iterable[object]) -> list[str | None]:
    return [None if v is None else str(v) for v in values]


def _columns_frame(
    spec: TableSpec, columns: Mapping[str, Sequence[Any] | pl.Series], *, identifiable: bool
) -> pl.DataFrame:
    """Like `frame`, from column lists: the table's fields in order, typed, an empty text
    missing, and a field with no column all missing."""
    names = spec.field_names(identifiable=identifiable)
    types = {f.name: f.type for f in spec.fields}
    height = len(next(iter(columns.values()))) if columns else 0
    series = []
    for name in names:
        dtype = POLARS_TYPES[types[name]]
        values = columns.get(name)
        column = (
            pl.Series(name, values, dtype=dtype, strict=False)
            if values is not None
            else pl.Series(name, [None] * height, dtype=dtype)
        )
        if types[name] == "string":
            column = column.replace("", None)
        series.append(column)
    return pl.DataFrame(series)


class _Tokens:
    """Each person's token, worked out once per person however many rows name them."""

    def __init__(self, pseudonymiser: Pseudonymiser, *, identifiable: bool) -> None:
        self._pseudonymiser, self._identifiable = pseudonymiser, identifiable
        self._known: dict[object, str] = {}

    def __call__(self, pk: object) -> str:
        token = self._known.get(pk)
        if token is None:
            token = str(pk) if self._identifiable else self._pseudonymiser.token("person", pk)
            self._known[pk] = token
        return token

    def column(self, values: Iterable[object]) -> list[str]:
        return [self(v) for v in values]

    def series(self, values: pl.Series) -> pl.Series:
        return _mapped(values, self)


REFERRAL_FIELDS = (
    "id",
    "person_id",
    "scheme_id",
    "practice_id",
    "source",
    "received_on",
    "person__date_of_birth",
    "status",
    "first_contact_on",
    "closed_on",
    "decline_reason",
    "discharge_reason",
    "at_risk",
    "previous_episode_id",
    "link_worker_id",
    "reasons",
)
ENCOUNTER_FIELDS = (
    "id",
    "referral_id",
    "person_id",
    "scheme_id",
    "practice_id",
    "occurred_on",
    "mode",
    "duration_minutes",
    "attended",
    "session_number",
    "created_at",
)
CONNECTION_FIELDS = (
    "id",
    "referral_id",
    "person_id",
    "scheme_id",
    "kind",
    "target",
    "service_name",
    "need",
    "status",
    "made_on",
    "first_attended_on",
)


def extract(
    filters: ExportFilters,
    *,
    pseudonymiser: Pseudonymiser,
    identifiable: bool = False,
    linker: Linker | None = None,
) -> Extract:
    """The common dataset's tables for the filters, read in bulk: each table is one streamed
    query filtered by a subquery of the extracted episodes, built into polars column by
    column, with no model object per row."""
    person = _Tokens(pseudonymiser, identifiable=identifiable)
    schemes = selected_schemes(filters)
    scheme_ids = [s.pk for s in schemes]
    result = Extract(scheme_ids=scheme_ids)
    practice_rows, links = _practice_rows(schemes)
    referral_qs = _referral_queryset(filters, _scheme_queryset(filters))
    t = TABLE_BY_NAME

    encounters = value_frame(
        Encounter.objects.filter(referral__in=referral_qs.values("pk")).order_by(
            "occurred_on", "id"
        ),
        ENCOUNTER_FIELDS,
    )
    referrals = value_frame(
        referral_qs.order_by("scheme_id", "received_on", "id"), REFERRAL_FIELDS
    ).join(
        _session_counts(encounters),
        left_on="id",
        right_on="referral_id",
        how="left",
        maintain_order="left",
    )
    if identifiable:
        result.person_ids = [
            uuid.UUID(pk) for pk in referrals.get_column("person_id").unique().sort().to_list()
        ]
    born, received = pl.col("person__date_of_birth"), pl.col("received_on")
    born_after = referrals.select((born.is_not_null() & (born > received)).sum()).item()
    if born_after:
        result.set_aside[BIRTH_AFTER_REFERRAL] = born_after
    referral_people = referrals.select(pl.col("id").alias("referral_id"), "person_id")
    staff = pseudonymiser.token
    derived = referrals.select(
        referral_age_band_expr(born, received).alias("age_band"),
        (pl.col("first_contact_on") - received).dt.total_days().alias("waiting_days"),
        *(pl.col(c).fill_null(0) for c in ("attended_n", "missed_n", "group_n")),
    )
    result.tables = {
        "schemes": frame(t["schemes"], _scheme_rows(schemes), identifiable=identifiable),
        "practices": frame(t["practices"], practice_rows, identifiable=identifiable),
        "scheme_practices": frame(t["scheme_practices"], links, identifiable=identifiable),
        "people": _people_frame(referral_qs, person, identifiable=identifiable, linker=linker),
        "referrals": _columns_frame(
            t["referrals"],
            {
                "referral_id": referrals.get_column("id"),
                "person": person.series(referrals.get_column("person_id")),
                "scheme_id": referrals.get_column("scheme_id"),
                "practice_id": referrals.get_column("practice_id"),
                "source": referrals.get_column("source"),
                "received_on": referrals.get_column("received_on"),
                "age_band": derived.get_column("age_band"),
                "status": referrals.get_column("status"),
                "first_contact_on": referrals.get_column("first_contact_on"),
                "waiting_days": derived.get_column("waiting_days"),
                "closed_on": referrals.get_column("closed_on"),
                "decline_reason": referrals.get_column("decline_reason"),
                "discharge_reason": referrals.get_column("discharge_reason"),
                "sessions_attended": derived.get_column("attended_n"),
                "sessions_missed": derived.get_column("missed_n"),
                "group_sessions_attended": derived.get_column("group_n"),
                "at_risk": referrals.get_column("at_risk"),
                "previous_referral_id": referrals.get_column("previous_episode_id"),
                "link_worker": _mapped(
                    referrals.get_column("link_worker_id"), lambda w: staff("staff", w)
                ),
            },
            identifiable=identifiable,
        ),
        "referral_reasons": _columns_frame(
            t["referral_reasons"], _reason_columns(referrals), identifiable=identifiable
        ),
        "encounters": _columns_frame(
            t["encounters"],
            {
                "encounter_id": encounters.get_column("id"),
                "referral_id": encounters.get_column("referral_id"),
                "person": person.series(encounters.get_column("person_id")),
                "scheme_id": encounters.get_column("scheme_id"),
                "practice_id": encounters.get_column("practice_id"),
                "occurred_on": encounters.get_column("occurred_on"),
                "mode": encounters.get_column("mode"),
                "duration_minutes": encounters.get_column("duration_minutes"),
                "attended": encounters.get_column("attended"),
                "session_number": encounters.get_column("session_number"),
                "recorded_lag_days": encounters.select(
                    (pl.col("created_at").dt.date() - pl.col("occurred_on"))
                    .dt.total_days()
                    .clip(lower_bound=0)
                ).to_series(),
            },
            identifiable=identifiable,
        ),
        "connections": _connections_frame(referral_qs, person, identifiable=identifiable),
        "financial_gains": _columns_frame(
            t["financial_gains"],
            _gain_columns(referral_qs, referral_people, person),
            identifiable=identifiable,
        ),
        "outcome_scores": _columns_frame(
            t["outcome_scores"],
            _outcome_columns(scheme_ids, referral_qs, person),
            identifiable=identifiable,
        ),
        "implementation": frame(
            t["implementation"], _implementation_rows(practice_rows), identifiable=identifiable
        ),
        "scheme_costs": frame(
            t["scheme_costs"], scheme_cost_rows(scheme_ids=scheme_ids), identifiable=identifiable
        ),
        "gp_appointments": _columns_frame(
            t["gp_appointments"],
            _gp_columns(referral_qs, referral_people, person),
            identifiable=identifiable,
        ),
        "workforce_posts": _columns_frame(
            t["workforce_posts"], _post_columns(scheme_ids, staff), identifiable=identifiable
        ),
        "workforce_support": frame(
            t["workforce_support"], _support_rows(scheme_ids), identifiable=identifiable
        ),
        "practice_resources": frame(
            t["practice_resources"], _practice_resource_rows(scheme_ids), identifiable=identifiable
        ),
        "feedback": _columns_frame(
            t["feedback"],
            _feedback_columns(referral_qs, referral_people, person),
            identifiable=identifiable,
        ),
    }
    return result


def _scheme_queryset(filters: ExportFilters) -> QuerySet[Scheme]:
    qs = scheme_list()
    if filters.scheme_slugs:
        qs = qs.filter(slug__in=filters.scheme_slugs)
    if filters.region_slug:
        qs = qs.filter(region__slug=filters.region_slug)
    return qs.order_by().values("pk")  # type: ignore[return-value]


def _session_counts(encounters: pl.DataFrame) -> pl.DataFrame:
    """Attended, missed and attended group-mode (group work) sessions per episode."""
    attended = pl.col("attended").fill_null(False)
    return encounters.group_by("referral_id").agg(
        attended.sum().cast(pl.Int64).alias("attended_n"),
        (~attended).sum().cast(pl.Int64).alias("missed_n"),
        (attended & (pl.col("mode") == GROUP_MODE)).sum().cast(pl.Int64).alias("group_n"),
    )


def _reason_columns(referrals: pl.DataFrame) -> dict[str, pl.Series]:
    """Each episode's distinct reasons, in episode order and then by code."""
    reasons = (
        referrals.select(
            pl.col("id").alias("referral_id"),
            pl.col("reasons").str.json_decode(pl.List(pl.Utf8)).alias("reason"),
        )
        .with_row_index("order")
        .explode("reason")
        .drop_nulls("reason")
        .unique(["referral_id", "reason"])
        .sort(["order", "reason"])
    )
    return {
        "referral_id": reasons.get_column("referral_id"),
        "reason": reasons.get_column("reason"),
    }


def _mapped(values: pl.Series, function: Callable[[Any], Any]) -> pl.Series:
    """`function` of each value, worked out once per distinct value (nulls stay null)."""
    distinct = values.drop_nulls().unique().to_list()
    return values.replace_strict(
        {v: function(v) for v in distinct}, default=None, return_dtype=pl.Utf8
    )


PERSON_FIELDS = (
    "id",
    "scheme_id",
    "sex",
    "gender_identity",
    "ethnicity",
    *(question.field for question in QUESTIONS),
    "small_area_code",
    "deprivation_index",
    "deprivation_decile",
    "deprivation_quintile",
    "postcode_status",
    "given_name",
    "family_name",
    "date_of_birth",
    "nhs_number",
    "chi_number",
    "postcode",
)


def _people_frame(
    referral_qs: QuerySet[Referral],
    person: _Tokens,
    *,
    identifiable: bool,
    linker: Linker | None = None,
) -> pl.DataFrame:
    people = value_frame(
        Person.objects.filter(pk__in=referral_qs.values("person_id")).order_by("scheme_id", "id"),
        PERSON_FIELDS,
    )
    columns: dict[str, pl.Series] = {
        name: people.get_column(name) for name in people.columns if name not in {"id", "scheme_id"}
    }
    columns["person"] = person.series(people.get_column("id"))
    columns["scheme_id"] = people.get_column("scheme_id")
    if linker is not None:
        columns["linkage_id"] = pl.Series(
            [
                linker.linkage_id(nhs, chi)
                for nhs, chi in zip(
                    people.get_column("nhs_number").to_list(),
                    people.get_column("chi_number").to_list(),
                    strict=True,
                )
            ],
            dtype=pl.Utf8,
        )
    # Equalities answers are published in bands that join small groups (people.equalities).
    for question in QUESTIONS:
        columns[question.field] = _mapped(people.get_column(question.field), question.band)
    return _columns_frame(TABLE_BY_NAME["people"], columns, identifiable=identifiable)


def _connections_frame(
    referral_qs: QuerySet[Referral], person: _Tokens, *, identifiable: bool
) -> pl.DataFrame:
    connections = value_frame(
        Connection.objects.filter(referral__in=referral_qs.values("pk")).order_by("made_on", "id"),
        CONNECTION_FIELDS,
    )
    columns: dict[str, pl.Series] = {
        name: connections.get_column(name)
        for name in connections.columns
        if name not in {"id", "person_id"}
    }
    columns["connection_id"] = connections.get_column("id")
    columns["person"] = person.series(connections.get_column("person_id"))
    return _columns_frame(TABLE_BY_NAME["connections"], columns, identifiable=identifiable)


GAIN_FIELDS = ("id", "referral_id", "scheme_id", "kind", "amount_pence", "annual", "recorded_on")


def _gain_columns(
    referral_qs: QuerySet[Referral], referral_people: pl.DataFrame, person: _Tokens
) -> dict[str, pl.Series]:
    gains = _with_person(
        value_frame(
            FinancialGain.objects.filter(referral__in=referral_qs.values("pk")).order_by(
                "recorded_on", "id"
            ),
            GAIN_FIELDS,
        ),
        referral_people,
    )
    kinds = gains.get_column("kind")
    names = dict(FinancialGainType.choices)
    return {
        "gain_id": gains.get_column("id"),
        "referral_id": gains.get_column("referral_id"),
        "person": person.series(gains.get_column("person_id")),
        "scheme_id": gains.get_column("scheme_id"),
        "gain_type": kinds,
        "gain_type_name": _mapped(kinds, lambda k: names.get(k, k)),
        "amount_pence": gains.get_column("amount_pence"),
        "annual": gains.get_column("annual"),
        "recorded_on": gains.get_column("recorded_on"),
    }


def _with_person(rows: pl.DataFrame, referral_people: pl.DataFrame) -> pl.DataFrame:
    """`rows` (with a `referral_id`) with the person of each row's episode beside it."""
    return rows.join(referral_people, on="referral_id", how="left", maintain_order="left")


GP_FIELDS = (
    "referral_id",
    "scheme_id",
    "window_months",
    "count_before",
    "count_after",
    "source",
    "imported",
)


def _gp_columns(
    referral_qs: QuerySet[Referral], referral_people: pl.DataFrame, person: _Tokens
) -> dict[str, pl.Series]:
    """GP appointments before and after, for the extracted episodes (only people who consented
    have a record at all)."""
    rows = _with_person(
        value_frame(
            GpAppointments.objects.filter(referral__in=referral_qs.values("pk")).order_by(
                "referral_id"
            ),
            GP_FIELDS,
        ),
        referral_people,
    )
    columns = {name: rows.get_column(name) for name in GP_FIELDS}
    return {**columns, "person": person.series(rows.get_column("person_id"))}


SCORE_FIELDS = (
    "id",
    "person_id",
    "referral_id",
    "scheme_id",
    "instrument_id",
    "definition_version",
    "kind",
    "timepoint",
    "administered_on",
    "mode",
    "primary_score",
    "scores",
)


def _score_details(details: Any) -> tuple[Any, ...]:
    """What the dataset shows of a questionnaire's stored scores (`Administration.scores`)."""
    d = details or {}
    parts = d.get("items") or d.get("subscores") or {}
    return (
        d.get("primary_measure") or "",
        d.get("total"),
        d.get("metric"),
        json.dumps(parts, sort_keys=True),
        json.dumps(d.get("bands") or {}, sort_keys=True),
        " ".join(d.get("flags") or ()),
        bool(d.get("prorated")),
    )


SCORE_DETAILS = (
    ("primary_measure", pl.Utf8),
    ("total", pl.Float64),
    ("metric", pl.Float64),
    ("parts_json", pl.Utf8),
    ("bands_json", pl.Utf8),
    ("flags", pl.Utf8),
    ("prorated", pl.Boolean),
)


def _outcome_columns(
    scheme_ids: list[uuid.UUID], referral_qs: QuerySet[Referral], person: _Tokens
) -> dict[str, pl.Series]:
    """The current questionnaires (corrections replace what they correct) of the extracted
    episodes, and those of the schemes recorded outside any episode, in the shape of
    `outcome_score_rows`."""
    scores = value_frame(
        Administration.objects.filter(superseded_by__isnull=True, scheme_id__in=scheme_ids)
        # EXISTS looks each episode up by its key; `referral IN (subquery)` beside an OR is
        # run by PostgreSQL as a subplan that, once the episodes outgrow its memory for
        # hashing, rescans them for every questionnaire (hours at a national year).
        .filter(Q(referral__isnull=True) | Exists(referral_qs.filter(pk=OuterRef("referral_id"))))
        .order_by("scheme_id", "person_id", "administered_on", "created_at"),
        SCORE_FIELDS,
    )
    return {
        **{
            name: scores.get_column(name)
            for name in ("definition_version", "kind", "timepoint", "administered_on", "mode")
        },
        "primary_score": scores.get_column("primary_score"),
        "instrument_id": scores.get_column("instrument_id"),
        "administration_id": scores.get_column("id"),
        "referral_id": scores.get_column("referral_id"),
        "scheme_id": scores.get_column("scheme_id"),
        "person": person.series(scores.get_column("person_id")),
        **_from_json(scores.get_column("scores"), _score_details, SCORE_DETAILS),
    }


def _from_json(
    texts: pl.Series,
    read: Callable[[Any], tuple[Any, ...]],
    outputs: Sequence[tuple[str, Any]],
) -> dict[str, pl.Series]:
    """Columns worked out of a column of JSON texts by `read` (a missing text read as JSON
    null), each distinct text decoded once: questionnaires of a national year repeat the
    same few thousand answers."""
    texts = texts.fill_null("null").rename("_json")
    distinct = texts.unique()
    values = list(zip(*(read(json.loads(t)) for t in distinct), strict=True)) or [
        () for _ in outputs
    ]
    lookup = pl.DataFrame(
        [distinct]
        + [
            pl.Series(name, column, dtype=dtype, strict=False)
            for (name, dtype), column in zip(outputs, values, strict=True)
        ]
    )
    joined = texts.to_frame().join(lookup, on="_json", how="left", maintain_order="left")
    return {name: joined.get_column(name) for name, _ in outputs}


def _implementation_rows(practice_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:

    ids = [uuid.UUID(p["practice_id"]) for p in practice_rows]
    rows = []
    for row in practice_indicator_rows(practice_ids=ids):
        indicators = {
            k: v
            for k, v in row.items()
            if k not in {"practice_id", "period", "period_start", "period_end", "classification"}
        }
        rows.append(
            {
                "practice_id": str(row["practice_id"]),
                "period": row["period"],
                "period_start": _as_date(row.get("period_start")),
                "period_end": _as_date(row.get("period_end")),
                "classification": row.get("classification"),
                "indicators_json": json.dumps(indicators, sort_keys=True, default=str),
            }
        )
    return rows


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _month(day: date | None) -> str | None:
    return None if day is None else f"{day.year:04d}-{day.month:02d}"


POST_FIELDS = (
    "id",
    "scheme_id",
    "employer__kind",
    "thematic_role",
    "contracted_hours",
    "started_on",
    "ended_on",
    "holder_id",
)


def _post_columns(scheme_ids: list[uuid.UUID], staff: Any) -> dict[str, list[Any]]:
    """The schemes' link worker posts, named only by a keyed hash: no holder, no manager, no
    title (a free text), and dates to the month."""
    posts = _columns(
        LinkWorkerPost.objects.filter(scheme_id__in=scheme_ids).order_by(
            "scheme_id", "started_on", "id"
        ),
        POST_FIELDS,
    )
    required = {k: set(v[1]) for k, v in _standards(scheme_ids).items()}
    done: dict[object, set[str]] = {}
    for post_id, course in TrainingRecord.objects.filter(scheme_id__in=scheme_ids).values_list(
        "post_id", "course"
    ):
        done.setdefault(post_id, set()).add(course)
    hosted: dict[object, list[str]] = {}
    through = LinkWorkerPost.practices.through.objects.filter(
        linkworkerpost__scheme_id__in=scheme_ids
    ).order_by("organisation_id")
    for post_id, practice_id in through.values_list("linkworkerpost_id", "organisation_id"):
        hosted.setdefault(str(post_id), []).append(str(practice_id))
    return {
        "post_id": [staff("post", pk) for pk in posts["id"]],
        "scheme_id": _text(posts["scheme_id"]),
        "employer_kind": posts["employer__kind"],
        "thematic_role": posts["thematic_role"],
        "contracted_hours": [float(h) for h in posts["contracted_hours"]],
        "wte": [float(wte(h)) for h in posts["contracted_hours"]],
        "started_month": [_month(d) for d in posts["started_on"]],
        "ended_month": [_month(d) for d in posts["ended_on"]],
        "vacant": [holder is None for holder in posts["holder_id"]],
        "training_complete": [
            None if holder is None else required.get(scheme, set()) <= done.get(pk, set())
            for pk, scheme, holder in zip(
                posts["id"], posts["scheme_id"], posts["holder_id"], strict=True
            )
        ],
        "practice_ids": [" ".join(hosted.get(pk, ())) or None for pk in posts["id"]],
    }


def _support_rows(scheme_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """Supervision, peer support and training counted by scheme and month: what was said,
    who gave it and which courses stay private."""
    counts: dict[tuple[str, str], dict[str, int]] = {}

    def count(scheme_id: object, day: date, column: str) -> None:
        row = counts.setdefault(
            (str(scheme_id), str(_month(day))),
            {"supervision_sessions": 0, "peer_support_sessions": 0, "training_records": 0},
        )
        row[column] += 1

    kinds = {
        SessionKind.SUPERVISION.value: "supervision_sessions",
        SessionKind.PEER_SUPPORT.value: "peer_support_sessions",
    }
    sessions = SupportSession.objects.filter(scheme_id__in=scheme_ids).order_by()
    for scheme_id, kind, held_on in sessions.values_list("scheme_id", "kind", "held_on").iterator(
        chunk_size=ID_BATCH
    ):
        count(scheme_id, held_on, kinds[kind])
    training = TrainingRecord.objects.filter(scheme_id__in=scheme_ids).order_by()
    for scheme_id, completed_on in training.values_list("scheme_id", "completed_on").iterator(
        chunk_size=ID_BATCH
    ):
        count(scheme_id, completed_on, "training_records")
    return [
        {"scheme_id": scheme_id, "month": month, **row}
        for (scheme_id, month), row in sorted(counts.items())
    ]


def _practice_resource_rows(scheme_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """Funds and protected time given to practices; staff by group, never by name, and no
    notes (free text)."""
    funds = PracticeFund.objects.filter(scheme_id__in=scheme_ids).order_by("period_start", "id")
    rows: list[dict[str, Any]] = [
        {
            "resource_id": str(pk),
            "resource_kind": "fund",
            "scheme_id": str(scheme_id),
            "practice_id": str(practice_id),
            "period_start": start,
            "period_end": end,
            "purpose": purpose,
            "amount_pence": int(amount * 100),
            "staff_group": None,
            "hours_per_week": None,
            "extra_consultation_minutes": None,
        }
        for pk, scheme_id, practice_id, start, end, purpose, amount in funds.values_list(
            "id", "scheme_id", "practice_id", "period_start", "period_end", "purpose", "amount_gbp"
        ).iterator(chunk_size=ID_BATCH)
    ]
    time = ProtectedTime.objects.filter(scheme_id__in=scheme_ids).order_by("period_start", "id")
    rows += [
        {
            "resource_id": str(pk),
            "resource_kind": "protected_time",
            "scheme_id": str(scheme_id),
            "practice_id": str(practice_id),
            "period_start": start,
            "period_end": end,
            "purpose": None,
            "amount_pence": None,
            "staff_group": group,
            "hours_per_week": float(hours),
            "extra_consultation_minutes": minutes,
        }
        for pk, scheme_id, practice_id, start, end, group, hours, minutes in time.values_list(
            "id",
            "scheme_id",
            "practice_id",
            "period_start",
            "period_end",
            "staff_group",
            "hours_per_week",
            "extra_consultation_minutes",
        ).iterator(chunk_size=ID_BATCH)
    ]
    return rows


FEEDBACK_FIELDS = ("referral_id", "scheme_id", "created_at", "answered_on", "response__answers")


def _feedback_columns(
    referral_qs: QuerySet[Referral], referral_people: pl.DataFrame, person: _Tokens
) -> dict[str, pl.Series]:
    """One row per feedback link of the extracted episodes with each statement's answer code;
    the comment is never read."""
    rows = _with_person(
        value_frame(
            FeedbackRequest.objects.filter(referral__in=referral_qs.values("pk")).order_by(
                "referral_id"
            ),
            FEEDBACK_FIELDS,
        ),
        referral_people,
    )
    return {
        "referral_id": rows.get_column("referral_id"),
        "person": person.series(rows.get_column("person_id")),
        "scheme_id": rows.get_column("scheme_id"),
        "sent_month": rows.get_column("created_at").dt.strftime("%Y-%m"),
        "answered": rows.get_column("answered_on").is_not_null(),
        **_from_json(
            rows.get_column("response__answers"),
            lambda answers: tuple((answers or {}).get(code) for code in ITEM_CODES),
            [(f"answer_{code}", pl.Utf8) for code in ITEM_CODES],
        ),
    }
