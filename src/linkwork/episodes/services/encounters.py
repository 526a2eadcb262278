"""Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.episodes import events
from linkwork.episodes.lifecycle import (
    SNOMED_REFERRED,
    Status,
)
from linkwork.episodes.models import Encounter, Referral
from linkwork.episodes.selectors.sessions import (
    cap_problem,
    encounter_date_window,
    makes_home_visits,
    sessions_attended,
)
from linkwork.episodes.services.lifecycle import referral_assign, referral_transition, require_open
from linkwork.episodes.vocab import EncounterMode


@transaction.atomic
def encounter_record(
    *,
    referral: Referral,
    actor: User,
    occurred_on: date,
    mode: str,
    duration_minutes: int,
    attended: bool = True,
    location: str = "",
    notes: str = "",
) -> Encounter:
    require_open(referral)
    problems: dict[str, list[str]] = {}
    if mode not in EncounterMode:
        problems["mode"] = ["Choose how the session took place."]
    if not 1 <= duration_minutes <= 480:
        problems["duration_minutes"] = ["A session lasts between 1 minute and 8 hours."]
    window = encounter_date_window(referral, today=clock.today())
    if occurred_on > window.latest:
        problems["occurred_on"] = ["The date cannot be in the future."]
    elif occurred_on < window.earliest:
        problems["occurred_on"] = ["The date cannot be before the referral was received."]
    if mode == "home_visit" and not makes_home_visits(referral):
        problems.setdefault("mode", []).append("This scheme does not make home visits.")
    if problems:
        raise DomainError("Check the session.", code="encounter_invalid", field_errors=problems)
    # Lock the episode so two people recording at once cannot both take session N.
    Referral.objects.select_for_update().filter(pk=referral.pk).first()
    number = None
    if attended:
        number = sessions_attended(referral) + 1
        problem = cap_problem(referral, number)
        if problem:
            raise DomainError(problem, code="session_cap")
    encounter = Encounter.objects.create(
        scheme_id=referral.scheme_id,
        person_id=referral.person_id,
        referral=referral,
        practice=referral.person.practice or referral.practice,
        occurred_on=occurred_on,
        mode=mode,
        duration_minutes=duration_minutes,
        attended=attended,
        location=location.strip(),
        notes=notes.strip(),
        session_number=number,
        recorded_by=actor,
    )
    events.encounter_recorded(encounter=encounter, actor=actor, session=number)
    if attended and referral.first_contact_on is None:
        referral.first_contact_on = occurred_on
        referral.save(update_fields=["first_contact_on", "updated_at"])
        events.first_contact_noted(referral=referral, actor=actor, snomed=SNOMED_REFERRED)
    if attended and Status(referral.status) in {Status.ACCEPTED, Status.WAITING}:
        if referral.link_worker_id is None:
            referral_assign(referral=referral, link_worker=actor, actor=actor, on=occurred_on)
        referral_transition(referral=referral, to=Status.ACTIVE, actor=actor)
    return encounter
