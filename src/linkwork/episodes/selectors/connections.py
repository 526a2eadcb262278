"""Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

import uuid

from linkwork.people.models import Consent


def consented_fields(*, person_id: uuid.UUID, provider_id: uuid.UUID | None) -> list[str]:
    """What the person agreed to share with this provider: the latest consent to share that
    is given and not withdrawn; nothing without one."""

    if provider_id is None:
        return []
    consent = (
        Consent.objects.filter(
            person_id=person_id,
            kind=Consent.Kind.SHARE_WITH_VCSE,
            organisation_id=provider_id,
            withdrawn_on__isnull=True,
        )
        .order_by("-recorded_on", "-created_at")
        .first()
    )
    return list(consent.shared_fields) if consent and consent.given else []
