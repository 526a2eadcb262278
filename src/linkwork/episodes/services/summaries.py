"""The end-of-episode summary as a document: written at discharge from the record as it then
stood, amended only as a new version with its reason, and marked sent to the practice."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record
from linkwork.core.errors import DomainError
from linkwork.episodes.lifecycle import OPEN_STATUSES
from linkwork.episodes.models import EpisodeSummary, Referral
from linkwork.episodes.selectors.episode import episode_summary


@transaction.atomic
def episode_summary_write(*, referral: Referral, actor: User, reason: str = "") -> EpisodeSummary:
    """The next version of the summary, from the record as it stands now."""
    # Lock the episode so two writers cannot both take the same version number.
    Referral.objects.select_for_update().filter(pk=referral.pk).first()
    last = referral.summaries.aggregate(last=Max("version"))["last"] or 0
    return EpisodeSummary.objects.create(
        scheme_id=referral.scheme_id,
        referral=referral,
        version=last + 1,
        content=episode_summary(referral=referral).as_content(),
        reason=reason,
        created_by=actor,
    )


@transaction.atomic
def episode_summary_amend(*, referral: Referral, actor: User, reason: str) -> EpisodeSummary:
    """A new version from the record as it now stands; the earlier versions are kept."""
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "Give the reason for the amendment.",
            code="summary_reason",
            field_errors={"reason": ["Give the reason for the amendment."]},
        )
    if referral.status in {s.value for s in OPEN_STATUSES}:
        raise DomainError(
            "The summary is written when the episode ends; this one is still open.",
            code="summary_open_episode",
        )
    written = episode_summary_write(referral=referral, actor=actor, reason=reason)
    # The amendment is a document sent on to the practice: its own audit row says who wrote it.
    audit_record(
        actor=actor,
        action="create",
        object_type="episode_summary",
        object_id=written.pk,
        person_id=referral.person_id,
        scheme_id=referral.scheme_id,
        detail={"version": written.version, "amended": True},
    )
    return written


@transaction.atomic
def episode_summary_mark_sent(*, summary: EpisodeSummary, actor: User) -> EpisodeSummary:
    """Record that this version went to the practice, and who sent it. The first record
    stands: marking it again does not change who sent it or when."""
    updated = EpisodeSummary.objects.filter(pk=summary.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), sent_by=actor
    )
    if updated:
        summary.refresh_from_db(fields=["sent_at", "sent_by"])
        audit_record(
            actor=actor,
            action="update",
            object_type="episode_summary",
            object_id=summary.pk,
            person_id=summary.referral.person_id,
            scheme_id=summary.scheme_id,
            detail={"version": summary.version, "sent": True},
        )
    return summary
