"""Canonical records to the Common Social Prescribing Dataset's tables, pseudonymised as the
export is: people, referrals and every other record appear under keyed hashes, dates of birth
become age bands, and no name, number or postcode leaves the source files."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from linkwork.episodes.vocab import FinancialGainType
from linkwork.evaluation.dataset.pseudonymise import Linker, Pseudonymiser, referral_age_band
from linkwork.evaluation.dataset.spec import TABLES, TableSpec
from linkwork.imports.harmonise.checks import Checked
from linkwork.imports.harmonise.mapping import Record

__all__ = ["SCHEME_TABLES", "SchemeInfo", "practice_codes", "record_tables", "scheme_tables"]

# The tables describing the scheme and its practices, written once for a whole export; every
# other table holds records, written part by part.
SCHEME_TABLES = ("schemes", "practices", "scheme_practices")

_POLARS = {
    "string": pl.Utf8,
    "integer": pl.Int64,
    "number": pl.Float64,
    "date": pl.Date,
    "boolean": pl.Boolean,
}


@dataclass(frozen=True, slots=True)
class SchemeInfo:
    scheme_id: str
    name: str
    region: str
    country: str = ""


def _frame(spec: TableSpec, rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    names = spec.field_names(identifiable=False)
    schema = {f.name: _POLARS[f.type] for f in spec.fields if f.name in names}
    records = [
        {name: (None if row.get(name) == "" else row.get(name)) for name in names} for row in rows
    ]
    if not records:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(records, schema=schema, orient="row")


def _status(referral: Record, first_contact: date | None) -> str:
    if referral.values.get("decline_reason"):
        return "declined"
    if referral.values.get("closed_on"):
        return "discharged"
    return "active" if first_contact else "received"


def _primary(scored_kind: str, total: float | None, metric: float | None) -> tuple[str, Any]:
    # As the live export: SWEMWBS is judged on its metric, summed and mean scores on the
    # total, and per-item or per-domain instruments have no single primary score.
    if scored_kind == "conversion" and metric is not None:
        return "metric", metric
    if scored_kind in ("sum", "mean") and total is not None:
        return "total", total
    return "", None


def practice_codes(checked: Checked) -> set[str]:
    return {
        str(r.values["practice_code"])
        for r in checked.referrals.values()
        if r.values.get("practice_code")
    }


def scheme_tables(scheme: SchemeInfo, codes: Iterable[str]) -> dict[str, pl.DataFrame]:
    """The scheme and the practices its referrals name (by official code)."""
    ordered = sorted(set(codes))
    rows: dict[str, list[dict[str, Any]]] = {
        "schemes": [
            {
                "scheme_id": scheme.scheme_id,
                "scheme_name": scheme.name,
                "region": scheme.region,
                "country": scheme.country or None,
            }
        ],
        "practices": [{"practice_id": code, "practice_code": code} for code in ordered],
        "scheme_practices": [
            {"scheme_id": scheme.scheme_id, "practice_id": code} for code in ordered
        ],
    }
    return {spec.name: _frame(spec, rows[spec.name]) for spec in TABLES if spec.name in rows}


def record_tables(
    checked: Checked,
    *,
    scheme: SchemeInfo,
    pseudonymiser: Pseudonymiser,
    linker: Linker | None = None,
) -> dict[str, pl.DataFrame]:
    """Every table but the scheme's own (SCHEME_TABLES) for these records: a person's rows
    need only that person's records, so an export can be written a part at a time."""
    token = pseudonymiser.token
    sid = scheme.scheme_id
    people = checked.people
    referrals = checked.referrals
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in checked.others:
        by_kind[record.kind].append(record)

    sessions_of: dict[str, list[Record]] = defaultdict(list)
    for session in sorted(by_kind["session"], key=lambda r: (r.values["occurred_on"], r.ref)):
        sessions_of[session.values["referral_ref"]].append(session)

    rows: dict[str, list[dict[str, Any]]] = {
        spec.name: [] for spec in TABLES if spec.name not in SCHEME_TABLES
    }
    for ref, someone in people.items():
        rows["people"].append(
            {
                "person": token("person", ref),
                "scheme_id": sid,
                "sex": someone.values.get("sex"),
                "ethnicity": someone.values.get("ethnicity"),
                # No postcode lookup offline: a given postcode is kept unknown, never guessed.
                "postcode_status": "unknown" if someone.values.get("postcode") else "not_given",
                "linkage_id": linker.linkage_id(
                    someone.values.get("nhs_number"), someone.values.get("chi_number")
                )
                if linker is not None
                else None,
            }
        )
    for ref, referral in referrals.items():
        holder = people.get(str(referral.values["person_ref"]))
        born = holder.values.get("date_of_birth") if holder else None
        received: date = referral.values["received_on"]
        sessions = sessions_of.get(ref, [])
        attended = [s for s in sessions if s.values.get("attended") is not False]
        first_contact = attended[0].values["occurred_on"] if attended else None
        rows["referrals"].append(
            {
                "referral_id": token("referral", ref),
                "person": token("person", referral.values["person_ref"]),
                "scheme_id": sid,
                "practice_id": referral.values.get("practice_code"),
                "source": referral.values.get("source"),
                "received_on": received,
                "age_band": referral_age_band(born, received),
                "status": _status(referral, first_contact),
                "first_contact_on": first_contact,
                "waiting_days": (first_contact - received).days if first_contact else None,
                "closed_on": referral.values.get("closed_on"),
                "decline_reason": referral.values.get("decline_reason"),
                "discharge_reason": referral.values.get("discharge_reason"),
                "sessions_attended": len(attended),
                "sessions_missed": len(sessions) - len(attended),
            }
        )
        for reason in referral.values.get("reasons") or ():
            rows["referral_reasons"].append(
                {"referral_id": token("referral", ref), "reason": reason}
            )
        number = 0
        for session in sessions:
            attended_here = session.values.get("attended") is not False
            number += attended_here
            rows["encounters"].append(
                {
                    "encounter_id": token("session", session.ref),
                    "referral_id": token("referral", ref),
                    "person": token("person", referral.values["person_ref"]),
                    "scheme_id": sid,
                    "practice_id": referral.values.get("practice_code"),
                    "occurred_on": session.values["occurred_on"],
                    "mode": session.values.get("mode"),
                    "duration_minutes": session.values.get("duration_minutes"),
                    "attended": attended_here,
                    "session_number": number if attended_here else None,
                }
            )

    def owner(record: Record) -> tuple[str, str]:
        referral = referrals[str(record.values["referral_ref"])]
        return token("referral", referral.ref), token("person", referral.values["person_ref"])

    for record in by_kind["connection"]:
        referral_id, person_token = owner(record)
        rows["connections"].append(
            {
                "connection_id": token("connection", record.ref),
                "referral_id": referral_id,
                "person": person_token,
                "scheme_id": sid,
                "kind": record.values.get("kind"),
                "target": record.values.get("target"),
                "service_name": record.values.get("service_name"),
                "need": record.values.get("need"),
                "status": record.values.get("status"),
                "made_on": record.values["made_on"],
            }
        )
    for record in by_kind["questionnaire"]:
        scored = checked.scored.get(id(record))
        if scored is None:
            continue
        referral_id, person_token = owner(record)
        definition, result = scored.definition, scored.result
        measure, primary = _primary(definition.scoring, scored.total, scored.metric)
        parts = {} if result is None else dict(result.items or result.subscores or {})
        rows["outcome_scores"].append(
            {
                "administration_id": token("questionnaire", record.ref),
                "referral_id": referral_id,
                "person": person_token,
                "scheme_id": sid,
                "instrument_id": definition.id,
                "definition_version": definition.version,
                "kind": definition.kind,
                "timepoint": record.values.get("timepoint"),
                "administered_on": record.values["administered_on"],
                "primary_measure": measure,
                "primary_score": primary,
                "total": scored.total,
                "metric": scored.metric,
                "parts_json": json.dumps(parts, sort_keys=True),
                "bands_json": json.dumps(dict(result.bands) if result else {}, sort_keys=True),
                "flags": " ".join(result.flags) if result else "",
                "prorated": bool(result and result.prorated),
            }
        )
    names = dict(FinancialGainType.choices)
    for record in by_kind["financial_gain"]:
        referral_id, person_token = owner(record)
        rows["financial_gains"].append(
            {
                "gain_id": token("financial_gain", record.ref),
                "referral_id": referral_id,
                "person": person_token,
                "scheme_id": sid,
                "gain_type": record.values["gain_type"],
                "gain_type_name": names.get(record.values["gain_type"], ""),
                "amount_pence": record.values["amount_pence"],
                "annual": record.values.get("annual"),
                "recorded_on": record.values["recorded_on"],
            }
        )
    return {spec.name: _frame(spec, rows[spec.name]) for spec in TABLES if spec.name in rows}
