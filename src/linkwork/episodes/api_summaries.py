"""JSON API for the end-of-episode summary after discharge: amend it (a new version from the
record as it now stands, with the reason; earlier versions are kept) and record that a version
went to the practice. Authorised for writing as the summary pages are, through the same
services, once per `Idempotency-Key`. The FHIR `Composition/$document` reads the summary."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from ninja import Schema, Status

from linkwork.accounts.http import AppRequest
from linkwork.core.api_once import api_answer_once as _once
from linkwork.core.errors import NotFoundError
from linkwork.episodes.api import router
from linkwork.episodes.api_casework import writable_referral
from linkwork.episodes.models import EpisodeSummary
from linkwork.episodes.services.summaries import episode_summary_amend, episode_summary_mark_sent


class SummaryAmendIn(Schema):
    # Checked by the service, which names this field when it is empty.
    reason: str


class SummaryOut(Schema):
    id: uuid.UUID
    referral: uuid.UUID
    version: int
    reason: str
    sent_at: datetime | None
    sent_by: uuid.UUID | None


def _summary(summary: EpisodeSummary) -> dict[str, Any]:
    return {
        "id": str(summary.pk),
        "referral": str(summary.referral_id),
        "version": summary.version,
        "reason": summary.reason,
        "sent_at": summary.sent_at.isoformat() if summary.sent_at else None,
        "sent_by": str(summary.sent_by_id) if summary.sent_by_id else None,
    }


@router.post("/{referral_id}/summary/amend", response={201: SummaryOut})
def summary_amend_api(
    request: AppRequest, referral_id: uuid.UUID, payload: SummaryAmendIn
) -> Status[dict[str, Any]]:
    """Write the next version of a closed episode's summary, saying why it is amended."""
    referral = writable_referral(request, referral_id)
    return Status(
        201,
        _once(
            request,
            f"summary-amend:{referral.pk}",
            lambda: episode_summary_amend(
                referral=referral, actor=request.user, reason=payload.reason
            ),
            _summary,
        ),
    )


@router.post("/{referral_id}/summary/{version}/sent", response=SummaryOut)
def summary_sent_api(request: AppRequest, referral_id: uuid.UUID, version: int) -> dict[str, Any]:
    """Record that this version went to the practice. The first record stands: marking it
    again keeps who sent it and when."""
    referral = writable_referral(request, referral_id)
    summary = EpisodeSummary.objects.filter(referral=referral, version=version).first()
    if summary is None:
        raise NotFoundError("No such version of the summary.", code="summary_not_found")
    return _once(
        request,
        f"summary-sent:{summary.pk}",
        lambda: episode_summary_mark_sent(summary=summary, actor=request.user),
        _summary,
    )
