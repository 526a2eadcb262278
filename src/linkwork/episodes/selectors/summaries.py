"""Reads of the written end-of-episode summaries. The caller has already authorised the
episode (`permissions.referral_get_for_user`); each read of a version is audited here."""

from __future__ import annotations

from django.http import Http404

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record
from linkwork.episodes.models import EpisodeSummary, Referral


def summary_versions(*, referral: Referral) -> list[EpisodeSummary]:
    return list(referral.summaries.select_related("created_by", "sent_by").order_by("version"))


def summary_version_read(
    *, referral: Referral, user: User, version: int | None = None, form: str = "page"
) -> EpisodeSummary | None:
    """One written version (the latest without `version`), audited as read; None when the
    episode has no written summary yet, 404 for a version it does not have."""
    summaries = referral.summaries.select_related("created_by", "sent_by")
    if version is None:
        summary = summaries.order_by("-version").first()
    else:
        summary = summaries.filter(version=version).first()
        if summary is None:
            raise Http404("No such version of the summary.")
    if summary is not None:
        audit_record(
            actor=user,
            action="view",
            object_type="episode_summary",
            object_id=summary.pk,
            person_id=referral.person_id,
            scheme_id=referral.scheme_id,
            detail={"version": summary.version, "form": form},
        )
    return summary
