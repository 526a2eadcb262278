"""JSON API for case studies: write one on an episode, change it, approve it (a manager of the
scheme), and record that the person withdrew consent to share it. Each calls the same service
as the case study pages, reaches a case study only through the same fetch (those who do the
episode's casework; anyone else gets a 404), and runs once per `Idempotency-Key`.

Feedback links are not sent on request: the discharge sends the episode's one link, through
the API as on the page."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once
from linkwork.core.errors import NotFoundError
from linkwork.episodes.api_casework import writable_referral
from linkwork.voice.case_study_services import (
    TEXT_MAX_CHARS,
    Story,
    case_study_approve,
    case_study_consent_withdraw,
    case_study_update,
    case_study_write,
)
from linkwork.voice.models import CaseStudy
from linkwork.voice.permissions import case_study_get_for_user

API_PREFIX = "/voice"
router = Router(tags=["case studies"])


class CaseStudyIn(Schema):
    title: str = Field(max_length=120)
    what_mattered: str = Field(max_length=TEXT_MAX_CHARS)
    what_was_done: str = Field(max_length=TEXT_MAX_CHARS)
    what_changed: str = Field(max_length=TEXT_MAX_CHARS)
    # The person's consent to share their story: the day and how (written, verbal, email).
    consent_on: date | None = None
    consent_how: str = ""


class WithdrawIn(Schema):
    on: date | None = None


class CaseStudyOut(Schema):
    id: uuid.UUID
    referral: uuid.UUID
    title: str
    what_mattered: str
    what_was_done: str
    what_changed: str
    consent_on: date | None
    consent_how: str
    consent_withdrawn_on: date | None
    status: str


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _case_study(case_study: CaseStudy) -> dict[str, Any]:
    return {
        "id": str(case_study.pk),
        "referral": str(case_study.referral_id),
        "title": case_study.title,
        "what_mattered": case_study.what_mattered,
        "what_was_done": case_study.what_was_done,
        "what_changed": case_study.what_changed,
        "consent_on": _date(case_study.consent_on),
        "consent_how": case_study.consent_how,
        "consent_withdrawn_on": _date(case_study.consent_withdrawn_on),
        "status": case_study.status,
    }


def _story(payload: CaseStudyIn) -> Story:
    return Story(**payload.dict())


def _fetch(request: AppRequest, case_study_id: uuid.UUID, *, write: bool) -> CaseStudy:
    try:
        return case_study_get_for_user(user=request.user, case_study_id=case_study_id, write=write)
    except Http404 as exc:
        raise NotFoundError("No such case study.", code="case_study_not_found") from exc


@router.post("/referrals/{referral_id}/case-studies", response={201: CaseStudyOut})
def case_study_create(
    request: AppRequest, referral_id: uuid.UUID, payload: CaseStudyIn
) -> Status[dict[str, Any]]:
    """Write the person's story, with their consent to share it; a manager approves it."""
    referral = writable_referral(request, referral_id)
    return Status(
        201,
        api_answer_once(
            request,
            f"case-studies:{referral.pk}",
            lambda: case_study_write(referral=referral, actor=request.user, story=_story(payload)),
            _case_study,
        ),
    )


@router.get("/case-studies/{case_study_id}", response=CaseStudyOut)
def case_study_detail_api(request: AppRequest, case_study_id: uuid.UUID) -> dict[str, Any]:
    return _case_study(_fetch(request, case_study_id, write=False))


@router.put("/case-studies/{case_study_id}", response=CaseStudyOut)
def case_study_change(
    request: AppRequest, case_study_id: uuid.UUID, payload: CaseStudyIn
) -> dict[str, Any]:
    """Change the story; an approved one goes back to draft, to be approved again."""
    case_study = _fetch(request, case_study_id, write=True)
    return api_answer_once(
        request,
        f"case-study-change:{case_study.pk}",
        lambda: case_study_update(case_study=case_study, actor=request.user, story=_story(payload)),
        _case_study,
    )


@router.post("/case-studies/{case_study_id}/approve", response=CaseStudyOut)
def case_study_approve_api(request: AppRequest, case_study_id: uuid.UUID) -> dict[str, Any]:
    """Approve the story for sharing (a manager of the scheme, while consent stands)."""
    case_study = _fetch(request, case_study_id, write=True)
    return api_answer_once(
        request,
        f"case-study-approve:{case_study.pk}",
        lambda: case_study_approve(case_study=case_study, actor=request.user),
        _case_study,
    )


@router.post("/case-studies/{case_study_id}/withdraw-consent", response=CaseStudyOut)
def case_study_withdraw_api(
    request: AppRequest, case_study_id: uuid.UUID, payload: WithdrawIn
) -> dict[str, Any]:
    """The person no longer agrees to share their story (`on`: the day, by default today)."""
    case_study = _fetch(request, case_study_id, write=True)
    return api_answer_once(
        request,
        f"case-study-withdraw:{case_study.pk}",
        lambda: case_study_consent_withdraw(
            case_study=case_study, actor=request.user, on=payload.on
        ),
        _case_study,
    )
