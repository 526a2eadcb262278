"""JSON API for NoMAD staff survey rounds (the practice's managers): open a round, issue more
personal links, close it early. Links are answered once, with the request that made them:
only their hashes are stored, so a replay with the same `Idempotency-Key` answers the round
without them, as the page shows them only once."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.urls import reverse
from ninja import Field, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once
from linkwork.implementation.api import router
from linkwork.implementation.models import NomadRound
from linkwork.implementation.nomad_services import (
    nomad_links_issue,
    nomad_round_close,
    nomad_round_open,
)
from linkwork.implementation.permissions import (
    Access,
    nomad_round_get_for_user,
    practice_get_for_user,
)


class RoundOpenIn(Schema):
    # Links work until this day (at most 90 days from today).
    closes_on: date
    links: int = Field(ge=1, le=200)
    programme_name: str = Field("the link worker programme", max_length=120)


class LinksIn(Schema):
    count: int = Field(ge=1, le=200)


class RoundOut(Schema):
    id: uuid.UUID
    practice: uuid.UUID
    programme_name: str
    opened_on: date
    closes_on: date
    closed_on: date | None
    # The new personal links, in the first answer only.
    links: list[str]


def _round_out(survey: NomadRound) -> dict[str, Any]:
    return {
        "id": str(survey.pk),
        "practice": str(survey.practice_id),
        "programme_name": survey.programme_name,
        "opened_on": survey.opened_on.isoformat(),
        "closes_on": survey.closes_on.isoformat(),
        "closed_on": survey.closed_on.isoformat() if survey.closed_on else None,
        "links": [],
    }


def _with_links(request: AppRequest, answer: dict[str, Any], tokens: list[str]) -> dict[str, Any]:
    links = [
        request.build_absolute_uri(reverse("implementation:nomad_answer", args=[token]))
        for token in tokens
    ]
    return {**answer, "links": links}


@router.post("/practices/{practice_id}/nomad-rounds", response={201: RoundOut})
def nomad_round_create(
    request: AppRequest, practice_id: uuid.UUID, payload: RoundOpenIn
) -> Status[dict[str, Any]]:
    """Open a survey round with one personal link for each member of staff invited."""
    practice = practice_get_for_user(user=request.user, practice_id=practice_id, need=Access.MANAGE)
    tokens: list[str] = []

    def open_round() -> NomadRound:
        survey, issued = nomad_round_open(actor=request.user, practice=practice, **payload.dict())
        tokens.extend(issued)
        return survey

    answer = api_answer_once(request, f"nomad-rounds:{practice.pk}", open_round, _round_out)
    return Status(201, _with_links(request, answer, tokens))


@router.post("/nomad-rounds/{round_id}/links", response={201: RoundOut})
def nomad_links_create(
    request: AppRequest, round_id: uuid.UUID, payload: LinksIn
) -> Status[dict[str, Any]]:
    """More personal links for an open round."""
    survey = nomad_round_get_for_user(user=request.user, round_id=round_id)
    tokens: list[str] = []

    def issue() -> NomadRound:
        tokens.extend(nomad_links_issue(actor=request.user, survey=survey, count=payload.count))
        return survey

    answer = api_answer_once(request, f"nomad-links:{survey.pk}", issue, _round_out)
    return Status(201, _with_links(request, answer, tokens))


@router.post("/nomad-rounds/{round_id}/close", response=RoundOut)
def nomad_round_close_api(request: AppRequest, round_id: uuid.UUID) -> dict[str, Any]:
    """Close a round early: its links stop working and its results may be shown."""
    survey = nomad_round_get_for_user(user=request.user, round_id=round_id)

    def close() -> NomadRound:
        nomad_round_close(actor=request.user, survey=survey)
        return survey

    return api_answer_once(request, f"nomad-close:{survey.pk}", close, _round_out)
