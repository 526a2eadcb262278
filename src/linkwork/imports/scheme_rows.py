"""Canonical records to the field values of a scheme's tables. Each builder answers a dict of
model attributes, so a new record and an update of one imported before are the same values.

What the source cannot say is filled as the pages would, and said in the docs: a person with
no name is recorded under a placeholder naming the source id, a session with no duration as
UNRECORDED_DURATION minutes with a note saying so, a questionnaire as completed with the link
worker. Derived values (status, first contact, session numbers) come from the sessions, as the
pages derive them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from linkwork.episodes.lifecycle import Status
from linkwork.imports.harmonise.mapping import Record
from linkwork.imports.harmonise.scores import ScoredQuestionnaire
from linkwork.outcomes.answers import stored_scores
from linkwork.outcomes.instruments import kind_of, primary_of
from linkwork.outcomes.vocab import Mode

__all__ = ["UNRECORDED_DURATION", "Context", "connection_fields", "encounter_fields"]

UNRECORDED_DURATION = 30
NO_DURATION_NOTE = "Imported: the source did not record how long the session took."
NO_NAME = "(name not recorded)"


@dataclass(frozen=True, slots=True)
class Context:
    scheme_id: Any
    user_id: Any
    practices: dict[str, Any]  # ODS code to the scheme's practice id


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def person_fields(record: Record, ctx: Context) -> dict[str, Any]:
    v = record.values
    postcode = str(v.get("postcode") or "").upper()[:8]
    return {
        "scheme_id": ctx.scheme_id,
        "given_name": str(v.get("given_name") or NO_NAME)[:100],
        "family_name": str(v.get("family_name") or f"Imported {record.ref}")[:100],
        "date_of_birth": v["date_of_birth"],
        "nhs_number": str(v.get("nhs_number") or ""),
        "chi_number": str(v.get("chi_number") or ""),
        "sex": str(v.get("sex") or "not_known"),
        "ethnicity": str(v.get("ethnicity") or ""),
        "postcode": postcode,
        # Recorded as given, not looked up: the lookup runs when staff next edit the record.
        "postcode_status": "unknown" if postcode else "not_given",
        "created_by_id": ctx.user_id,
    }


def _status(referral: Record, first_contact: dt.date | None) -> Status:
    if referral.values.get("decline_reason"):
        return Status.DECLINED
    if referral.values.get("closed_on"):
        return Status.DISCHARGED
    return Status.ACTIVE if first_contact else Status.ACCEPTED


def referral_fields(
    record: Record, ctx: Context, person_id: Any, sessions: list[Record]
) -> dict[str, Any]:
    v = record.values
    attended = sorted(
        s.values["occurred_on"] for s in sessions if s.values.get("attended") is not False
    )
    first_contact = attended[0] if attended else None
    status = _status(record, first_contact)
    closed = v.get("closed_on")
    if status is Status.DECLINED and closed is None:
        closed = v["received_on"]
    return {
        "scheme_id": ctx.scheme_id,
        "person_id": person_id,
        "practice_id": ctx.practices.get(str(v.get("practice_code") or "").upper()),
        "source": v["source"],
        "received_on": v["received_on"],
        "reasons": list(v.get("reasons") or []),
        "status": status.value,
        "status_changed_at": _moment(closed or first_contact or v["received_on"]),
        "first_contact_on": first_contact,
        "decline_reason": str(v.get("decline_reason") or ""),
        "discharge_reason": str(v.get("discharge_reason") or "")
        if status is Status.DISCHARGED
        else "",
        "closed_on": closed,
    }


def session_numbers(sessions: list[Record]) -> dict[int, int]:
    """The number of each attended session in its episode, by id(record), in date order."""
    numbers: dict[int, int] = {}
    ordered = sorted(sessions, key=lambda s: (s.values["occurred_on"], s.ref))
    count = 0
    for session in ordered:
        if session.values.get("attended") is not False:
            count += 1
            numbers[id(session)] = count
    return numbers


def encounter_fields(
    record: Record, ctx: Context, referral: dict[str, Any], number: int | None
) -> dict[str, Any]:
    v = record.values
    duration = v.get("duration_minutes")
    return {
        "scheme_id": ctx.scheme_id,
        "person_id": referral["person_id"],
        "referral_id": referral["id"],
        "practice_id": referral["practice_id"],
        "occurred_on": v["occurred_on"],
        "mode": v["mode"],
        "duration_minutes": int(duration) if duration else UNRECORDED_DURATION,
        "attended": v.get("attended") is not False,
        "session_number": number,
        "notes": "" if duration else NO_DURATION_NOTE,
        "recorded_by_id": ctx.user_id,
    }


def administration_fields(
    record: Record, ctx: Context, referral: dict[str, Any], scored: ScoredQuestionnaire
) -> dict[str, Any]:
    definition = scored.definition
    if scored.result is not None:
        scores = stored_scores(definition, scored.result)
    else:
        # A source total alone (a GP record): stored as the engine would report it.
        measure = (
            ("metric", scored.metric)
            if definition.scoring == "conversion" and scored.metric is not None
            else ("total", scored.total)
        )
        scores = {
            "instrument": definition.id,
            "version": definition.version,
            "total": scored.total,
            "metric": scored.metric,
            "bands": {},
            "flags": [],
            "primary_measure": measure[0],
            "primary": measure[1],
            "missing": [],
            "prorated": False,
            "from_source_total": True,
        }
    if scored.result is not None and primary_of(definition, scored.result) is None:
        scores["primary"] = None
    return {
        "scheme_id": ctx.scheme_id,
        "person_id": referral["person_id"],
        "referral_id": referral["id"],
        "instrument_id": definition.id,
        "definition_version": definition.version,
        "kind": kind_of(definition).value,
        "timepoint": record.values["timepoint"],
        "administered_on": record.values["administered_on"],
        "mode": Mode.WITH_LINK_WORKER.value,
        "administered_by_id": ctx.user_id,
        "recorded_by_id": ctx.user_id,
        "responses": {code: record.items.get(code) for code in definition.item_codes},
        "scores": scores,
        "primary_score": scores["primary"],
    }


def connection_fields(record: Record, ctx: Context, referral: dict[str, Any]) -> dict[str, Any]:
    v = record.values
    return {
        "scheme_id": ctx.scheme_id,
        "person_id": referral["person_id"],
        "referral_id": referral["id"],
        "kind": v["kind"],
        "target": v["target"],
        "service_name": str(v["service_name"])[:200],
        "need": str(v.get("need") or ""),
        "status": str(v.get("status") or "requested"),
        "status_changed_at": _moment(v["made_on"]),
        "made_on": v["made_on"],
        "made_by_id": ctx.user_id,
    }


def gain_fields(record: Record, ctx: Context, referral: dict[str, Any]) -> dict[str, Any]:
    v = record.values
    return {
        "scheme_id": ctx.scheme_id,
        "referral_id": referral["id"],
        "kind": v["gain_type"],
        "amount_pence": int(v["amount_pence"]),
        "annual": bool(v.get("annual")),
        "recorded_on": v["recorded_on"],
    }
