"""Taking a session back out of an open episode (a group session cancelled, or an attendee
taken off it): the session goes, the attended sessions after it are numbered again, the
first contact follows the sessions that remain, and the timeline says what was removed."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Min

from linkwork.accounts.models import User
from linkwork.episodes import events
from linkwork.episodes.models import Encounter, Referral
from linkwork.episodes.services.lifecycle import require_open


@transaction.atomic
def encounter_remove(*, encounter: Encounter, actor: User, why: str) -> None:
    referral = Referral.objects.select_for_update().get(pk=encounter.referral_id)
    require_open(referral)
    encounter_id = encounter.pk
    encounter.delete()
    attended = list(
        Encounter.objects.filter(referral=referral, attended=True).order_by(
            "occurred_on", "created_at"
        )
    )
    renumbered = []
    for number, session in enumerate(attended, start=1):
        if session.session_number != number:
            session.session_number = number
            renumbered.append(session)
    Encounter.objects.bulk_update(renumbered, ["session_number"])
    first = Encounter.objects.filter(referral=referral, attended=True).aggregate(
        first=Min("occurred_on")
    )["first"]
    if referral.first_contact_on != first:
        referral.first_contact_on = first
        referral.save(update_fields=["first_contact_on", "updated_at"])
    events.record(
        referral=referral,
        kind=events.Kind.ENCOUNTER,
        actor=actor,
        data={"encounter": str(encounter_id), "removed": True, "why": why},
        audited=events.Audited("delete", "encounter", encounter_id, {"why": why}),
    )
