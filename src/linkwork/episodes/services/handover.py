"""Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.episodes.services.lifecycle import referral_assign


@transaction.atomic
def caseload_handover(
    *, referrals: Iterable[Referral], to: User, actor: User, note: str, on: date | None = None
) -> int:
    """Reassign some or all of a caseload (leaving, or leave) with a handover note."""
    if not note.strip():
        raise DomainError(
            "Write a handover note for the new link worker.",
            code="handover_note",
            field_errors={"note": ["Write a handover note."]},
        )
    count = 0
    for referral in referrals:
        referral_assign(referral=referral, link_worker=to, actor=actor, on=on, note=note.strip())
        count += 1
    if count == 0:
        raise DomainError("Choose at least one person to hand over.", code="handover_empty")
    return count
