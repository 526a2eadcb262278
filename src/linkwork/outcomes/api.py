"""JSON API for outcome questionnaires, under /api/v1/outcomes (session auth)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse
from ninja import Query, Router, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.core.api_links import next_page_link
from linkwork.core.api_once import api_key
from linkwork.core.cursors import page_after
from linkwork.core.errors import DomainError
from linkwork.core.submissions import answer_once
from linkwork.episodes.api_casework import writable_referral
from linkwork.outcomes.instruments import definition_for, kind_of
from linkwork.outcomes.models import Administration
from linkwork.outcomes.permissions import alert_get_for_user
from linkwork.outcomes.scoring import ScoringError, builtin_definitions, score
from linkwork.outcomes.selectors import DueItem, audit_due_list, due_questionnaires_for
from linkwork.outcomes.selectors import person_administrations as administrations_of
from linkwork.outcomes.services import Questionnaire, administration_record, risk_alert_acknowledge
from linkwork.people.permissions import person_get_for_user

API_PREFIX = "/outcomes"
router = Router(tags=["outcomes"])

Responses = list[int | float | None] | dict[str, int | float | None]


class ItemOut(Schema):
    code: str
    label: str
    min: int
    max: int
    optional: bool


class InstrumentOut(Schema):
    id: str
    name: str
    kind: str
    version: str
    scoring: str
    items: list[ItemOut]


class ScoreIn(Schema):
    responses: Responses


class AdministrationIn(Schema):
    instrument: str
    timepoint: str
    administered_on: date
    mode: str
    responses: Responses


class AdministrationOut(Schema):
    id: uuid.UUID
    referral_id: uuid.UUID
    instrument_id: str
    definition_version: str
    kind: str
    timepoint: str
    administered_on: date
    mode: str
    responses: dict[str, Any]
    scores: dict[str, Any]
    primary_score: float | None


class DueOut(Schema):
    referral_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    instrument_id: str
    timepoint: str
    due_on: date
    overdue: bool


class AcknowledgeIn(Schema):
    note: str = ""


class AlertOut(Schema):
    id: uuid.UUID
    flag: str
    raised_at: datetime
    acknowledged_at: datetime | None


@router.get("/instruments", response=list[InstrumentOut])
def instrument_list(request: AppRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": d.id,
            "name": d.name,
            "kind": kind_of(d).value,
            "version": d.version,
            "scoring": d.scoring,
            "items": [
                {
                    "code": i.code,
                    "label": i.label,
                    "min": i.scale.min,
                    "max": i.scale.max,
                    "optional": i.optional,
                }
                for i in d.items
            ],
        }
        for d in builtin_definitions().values()
    ]


@router.post("/instruments/{instrument_id}/score", response=dict[str, Any])
def instrument_score(request: AppRequest, instrument_id: str, payload: ScoreIn) -> dict[str, Any]:
    """Score without storing anything: the engine, as on the command line."""
    definition = definition_for(instrument_id)
    try:
        return score(definition, payload.responses).to_json_dict()
    except ScoringError as exc:
        raise DomainError(exc.message, code="responses_invalid") from exc


@router.post("/referrals/{referral_id}/administrations", response={201: AdministrationOut})
def administration_create(
    request: AppRequest, referral_id: uuid.UUID, payload: AdministrationIn
) -> Status[dict[str, Any]]:
    """Record a questionnaire, scored by the engine; once per Idempotency-Key, so a retried
    request gets the first answer instead of a second questionnaire."""
    referral = writable_referral(request, referral_id)

    def out(administration: Administration) -> dict[str, Any]:
        return AdministrationOut.from_orm(administration).model_dump(mode="json")

    created = answer_once(
        key=api_key(request),
        scope=f"{request.user.pk}:api:administrations:{referral.pk}",
        action=lambda: administration_record(
            referral=referral,
            actor=request.user,
            questionnaire=Questionnaire(
                instrument_id=payload.instrument,
                timepoint=payload.timepoint,
                administered_on=payload.administered_on,
                mode=payload.mode,
            ),
            responses=payload.responses,
        ),
        out=out,
    )
    return Status(201, created)


@router.get("/people/{person_id}/administrations", response=list[AdministrationOut])
def person_administrations(request: AppRequest, person_id: uuid.UUID) -> list[Administration]:
    person = person_get_for_user(user=request.user, person_id=person_id, purpose="outcomes")
    return administrations_of(person=person)


def _due_key(item: DueItem) -> tuple[str, ...]:
    return (item.due_on.isoformat(), str(item.referral_id), item.instrument_id, item.timepoint)


@router.get("/due", response=list[DueOut])
def due_list(
    request: AppRequest,
    response: HttpResponse,
    limit: int = Query(100, ge=1, le=200),
    cursor: str | None = None,
) -> list[DueItem]:
    """Oldest due first. When more follow, the `Link` header (rel="next") carries the URL of
    the next page; only the people on the page shown are recorded as seen."""
    items = sorted(
        due_questionnaires_for(user=request.user, today=clock.today(), audit=False), key=_due_key
    )
    page, after = page_after(items, key=_due_key, parts=4, cursor=cursor, limit=limit)
    if after:
        next_page_link(request, response, after=after)
    audit_due_list(actor=request.user, items=page)
    return page


@router.post("/alerts/{alert_id}/acknowledge", response=AlertOut)
def alert_acknowledge(request: AppRequest, alert_id: uuid.UUID, payload: AcknowledgeIn) -> Any:
    alert = alert_get_for_user(user=request.user, alert_id=alert_id)
    return risk_alert_acknowledge(alert=alert, actor=request.user, note=payload.note)
