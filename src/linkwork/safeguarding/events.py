"""Safeguarding's episode events: a contact note, a concern opened, updated or closed, a
prompt dismissed. Each writes its timeline entry and audit row in one call (see
episodes.events); the data holds codes and ids, never the words written, which stay in the
records read under the notes rule."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.episodes.events import Audited, Kind, record
from linkwork.episodes.models import ReferralEvent
from linkwork.safeguarding.models import Concern, ContactNote, PromptDismissal


def contact_note_recorded(*, note: ContactNote, actor: User) -> ReferralEvent:
    return record(
        referral=note.referral,
        kind=Kind.NOTE,
        actor=actor,
        data={"contact_note": str(note.pk), "contact": note.kind},
        audited=Audited("create", "contact_note", note.pk, {"kind": note.kind}),
    )


def concern_changed(*, concern: Concern, actor: User, what: str) -> ReferralEvent:
    """`what` is opened, updated or closed."""
    return record(
        referral=concern.referral,
        kind=Kind.SAFETY,
        actor=actor,
        data={"concern": str(concern.pk), "concern_event": what, "status": concern.status},
        audited=Audited(
            "create" if what == "opened" else "update",
            "safeguarding_concern",
            concern.pk,
            {"status": concern.status, "category": concern.category},
        ),
    )


def prompt_dismissed(*, dismissal: PromptDismissal, actor: User) -> ReferralEvent:
    alert = {"alert": str(dismissal.risk_alert_id)} if dismissal.risk_alert_id else {}
    return record(
        referral=dismissal.referral,
        kind=Kind.SAFETY,
        actor=actor,
        data={"prompt_dismissed": dismissal.source, **alert},
        audited=Audited(
            "create", "safeguarding_prompt_dismissal", dismissal.pk, {"source": dismissal.source}
        ),
    )
