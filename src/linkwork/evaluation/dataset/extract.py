"""Reading the live database into the common dataset's tables (polars data frames).

Everything downstream, the export and the evaluation, works on these frames, so the analysis
runs the same on an export as on the live database.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from django.db.models import Count, Q

from linkwork.episodes.models import Connection, Encounter, FinancialGain, Referral
from linkwork.episodes.vocab import FinancialGainType
from linkwork.evaluation.analysis.plausibility import BIRTH_AFTER_REFERRAL
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser, referral_age_band
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
from linkwork.outcomes.selectors import outcome_score_rows
from linkwork.people.models import Person

# Ids per IN list: SQLite allows a few thousand variables in one statement.
ID_BATCH = 500

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


def _scheme_rows(schemes: list[Scheme]) -> list[dict[str, Any]]:
    rows = []
    for scheme in schemes:
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


def _referrals(filters: ExportFilters, scheme_ids: list[uuid.UUID]) -> list[Referral]:
    # A person whose processing is restricted (UK GDPR Article 18) is left out of every
    # extract until the restriction is lifted: their episodes, and with them their sessions,
    # connections and scores, are not read at all.
    qs = Referral.objects.filter(scheme_id__in=scheme_ids, person__restricted=False).select_related(
        "person"
    )
    if filters.start:
        qs = qs.filter(received_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(received_on__lte=filters.end)
    return list(
        qs.annotate(
            attended=Count("encounters", filter=Q(encounters__attended=True)),
            missed=Count("encounters", filter=Q(encounters__attended=False)),
        ).order_by("scheme_id", "received_on", "id")
    )


def extract(
    filters: ExportFilters, *, pseudonymiser: Pseudonymiser, identifiable: bool = False
) -> Extract:
    def person(pk: object) -> str:
        return str(pk) if identifiable else pseudonymiser.token("person", pk)

    schemes = selected_schemes(filters)
    scheme_ids = [s.pk for s in schemes]
    result = Extract(scheme_ids=scheme_ids)
    practice_rows, links = _practice_rows(schemes)
    referrals = _referrals(filters, scheme_ids)
    person_ids = sorted({r.person_id for r in referrals}, key=str)
    result.person_ids = person_ids
    born_after = sum(
        1
        for r in referrals
        if r.person.date_of_birth is not None and r.person.date_of_birth > r.received_on
    )
    if born_after:
        result.set_aside[BIRTH_AFTER_REFERRAL] = born_after
    people = Person.objects.filter(pk__in=person_ids)
    referral_ids = [r.pk for r in referrals]
    encounters = (
        Encounter.objects.filter(referral_id__in=referral_ids)
        .order_by("occurred_on", "id")
        .values(
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
    )
    connections = (
        Connection.objects.filter(referral_id__in=referral_ids)
        .order_by("made_on", "id")
        .values(
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
    )
    t = TABLE_BY_NAME
    result.tables = {
        "schemes": frame(t["schemes"], _scheme_rows(schemes), identifiable=identifiable),
        "practices": frame(t["practices"], practice_rows, identifiable=identifiable),
        "scheme_practices": frame(t["scheme_practices"], links, identifiable=identifiable),
        "people": frame(
            t["people"],
            (
                {
                    "person": person(p.pk),
                    "scheme_id": str(p.scheme_id),
                    "sex": p.sex,
                    "gender_identity": p.gender_identity,
                    "ethnicity": p.ethnicity,
                    "small_area_code": p.small_area_code,
                    "deprivation_index": p.deprivation_index,
                    "deprivation_decile": p.deprivation_decile,
                    "deprivation_quintile": p.deprivation_quintile,
                    "postcode_status": p.postcode_status,
                    "given_name": p.given_name,
                    "family_name": p.family_name,
                    "date_of_birth": p.date_of_birth,
                    "nhs_number": p.nhs_number,
                    "chi_number": p.chi_number,
                    "postcode": p.postcode,
                }
                for p in people.order_by("scheme_id", "id")
            ),
            identifiable=identifiable,
        ),
        "referrals": frame(
            t["referrals"],
            (
                {
                    "referral_id": str(r.pk),
                    "person": person(r.person_id),
                    "scheme_id": str(r.scheme_id),
                    "practice_id": str(r.practice_id) if r.practice_id else None,
                    "source": r.source,
                    "received_on": r.received_on,
                    "age_band": referral_age_band(r.person.date_of_birth, r.received_on),
                    "status": r.status,
                    "first_contact_on": r.first_contact_on,
                    "waiting_days": r.waiting_days,
                    "closed_on": r.closed_on,
                    "decline_reason": r.decline_reason,
                    "discharge_reason": r.discharge_reason,
                    "sessions_attended": r.attended,  # type: ignore[attr-defined]
                    "sessions_missed": r.missed,  # type: ignore[attr-defined]
                    "at_risk": r.at_risk,
                    "previous_referral_id": str(r.previous_episode_id)
                    if r.previous_episode_id
                    else None,
                    "link_worker": pseudonymiser.token("staff", r.link_worker_id),
                }
                for r in referrals
            ),
            identifiable=identifiable,
        ),
        "referral_reasons": frame(
            t["referral_reasons"],
            (
                {"referral_id": str(r.pk), "reason": reason}
                for r in referrals
                for reason in sorted(set(r.reasons))
            ),
            identifiable=identifiable,
        ),
        "encounters": frame(
            t["encounters"],
            (
                {
                    "encounter_id": str(e["id"]),
                    "referral_id": str(e["referral_id"]),
                    "person": person(e["person_id"]),
                    "scheme_id": str(e["scheme_id"]),
                    "practice_id": str(e["practice_id"]) if e["practice_id"] else None,
                    "occurred_on": e["occurred_on"],
                    "mode": e["mode"],
                    "duration_minutes": e["duration_minutes"],
                    "attended": e["attended"],
                    "session_number": e["session_number"],
                    "recorded_lag_days": max(0, (e["created_at"].date() - e["occurred_on"]).days),
                }
                for e in encounters.iterator()
            ),
            identifiable=identifiable,
        ),
        "connections": frame(
            t["connections"],
            (
                {
                    "connection_id": str(c["id"]),
                    "referral_id": str(c["referral_id"]),
                    "person": person(c["person_id"]),
                    "scheme_id": str(c["scheme_id"]),
                    "kind": c["kind"],
                    "target": c["target"],
                    "service_name": c["service_name"],
                    "need": c["need"],
                    "status": c["status"],
                    "made_on": c["made_on"],
                    "first_attended_on": c["first_attended_on"],
                }
                for c in connections.iterator()
            ),
            identifiable=identifiable,
        ),
        "financial_gains": frame(
            t["financial_gains"],
            _gain_rows({r.pk: r.person_id for r in referrals}, person),
            identifiable=identifiable,
        ),
        "outcome_scores": frame(
            t["outcome_scores"],
            _outcome_rows(scheme_ids, set(map(str, referral_ids)), person),
            identifiable=identifiable,
        ),
        "implementation": frame(
            t["implementation"], _implementation_rows(practice_rows), identifiable=identifiable
        ),
    }
    return result


def _gain_rows(people: Mapping[uuid.UUID, uuid.UUID], person: Any) -> list[dict[str, Any]]:
    """The financial gains of the extracted episodes, read a batch of episodes at a time."""
    names = dict(FinancialGainType.choices)
    ids = list(people)
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), ID_BATCH):
        gains = (
            FinancialGain.objects.filter(referral_id__in=ids[start : start + ID_BATCH])
            .order_by("recorded_on", "id")
            .values(
                "id", "referral_id", "scheme_id", "kind", "amount_pence", "annual", "recorded_on"
            )
        )
        rows.extend(
            {
                "gain_id": str(g["id"]),
                "referral_id": str(g["referral_id"]),
                "person": person(people[g["referral_id"]]),
                "scheme_id": str(g["scheme_id"]),
                "gain_type": g["kind"],
                "gain_type_name": names.get(g["kind"], g["kind"]),
                "amount_pence": g["amount_pence"],
                "annual": g["annual"],
                "recorded_on": g["recorded_on"],
            }
            for g in gains
        )
    return sorted(rows, key=lambda r: (r["recorded_on"], r["gain_id"]))


def _outcome_rows(
    scheme_ids: list[uuid.UUID], referral_ids: set[str], person: Any
) -> list[dict[str, Any]]:

    rows = []
    for row in outcome_score_rows(scheme_ids=scheme_ids):
        if row["referral_id"] is not None and str(row["referral_id"]) not in referral_ids:
            continue
        rows.append(
            {
                **row,
                "administration_id": str(row["administration_id"]),
                "referral_id": str(row["referral_id"]) if row["referral_id"] else None,
                "scheme_id": str(row["scheme_id"]),
                "person": person(row["person_id"]),
                "administered_on": date.fromisoformat(str(row["administered_on"])),
            }
        )
    return rows


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
