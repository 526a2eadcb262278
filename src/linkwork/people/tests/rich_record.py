"""A person with something in every kind of record, through the real services, and the
identifying strings a subject access report must show and an erasure must remove."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.diary.services import appointment_book, appointment_cancel, appointment_move
from linkwork.episodes.models import Referral
from linkwork.episodes.services.connections import connection_create
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.services.plan import goal_add, referral_what_matters_set
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.people.data_rights import person_correct
from linkwork.people.models import Person
from linkwork.people.services import consent_record
from linkwork.testing.world import SmallWorld, refer_and_start

NHS = "9434765919"


@dataclass(frozen=True)
class RichRecord:
    person: Person
    referral: Referral
    secrets: tuple[str, ...]


def rich_record(world: SmallWorld, *, discharge: bool = True) -> RichRecord:
    worker = world.users[Role.LINK_WORKER]
    referral = refer_and_start(
        world,
        person={
            "given_name": "Philippa",
            "family_name": "Quixotic",
            "nhs_number": NHS,
            "phone": "07700 900461",
            "email": "philippa.q@example.com",
        },
        reason_text="Widowed last spring, rarely leaves the flat",
    )
    person = referral.person
    person_correct(
        person=person,
        actor=worker,
        field_name="family_name",
        new_value="Quixotte",
        reason="Misspelt at referral",
    )
    start = referral.received_on
    encounter_record(
        referral=referral,
        actor=worker,
        occurred_on=start + timedelta(days=1),
        mode="face_to_face",
        duration_minutes=45,
        location="Bramblewood community café",
        notes="Talked about her late husband's allotment plot.",
    )
    referral_what_matters_set(
        referral=referral, actor=worker, text="Getting back to the bowls club on Thursdays"
    )
    goal_add(referral=referral, actor=worker, description="Visit the Zephyrine bowls club")
    connection_create(
        referral=referral,
        actor=worker,
        kind="referral",
        target="unlisted_service",
        service_name="Mill Walkers",
        need="loneliness_isolation",
    )
    consent_record(person=person, actor=worker, kind="service", given=True, recorded_on=start)
    administration_record(
        referral=referral,
        actor=worker,
        questionnaire=Questionnaire(
            "ons4", "baseline", start + timedelta(days=1), "with_link_worker"
        ),
        responses=[6, 5, 4, 3],
    )
    soon = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(10)))
    appointment = appointment_book(
        referral=referral,
        actor=worker,
        starts_at=soon,
        length_minutes=30,
        mode="face_to_face",
        where="Larkspur library",
        with_whom="Her nephew Barnaby",
    )
    appointment_move(
        appointment=appointment,
        actor=worker,
        starts_at=soon + timedelta(hours=2),
        reason="Barnaby works mornings",
    )
    appointment_cancel(appointment=appointment, actor=worker, reason="Philippa has the flu")
    if discharge:
        referral_discharge(
            referral=referral, actor=worker, reason="goals_met", on=start + timedelta(days=2)
        )
    person.refresh_from_db()
    referral.refresh_from_db()
    return RichRecord(
        person,
        referral,
        (
            "Philippa",
            "Quixot",  # both the old and the corrected family name
            NHS,
            "943 476 5919",
            "900461",
            "philippa.q@example.com",
            "late husband",
            "Bramblewood",
            "Widowed last spring",
            "bowls club",
            "Zephyrine",
            "Larkspur",
            "Barnaby",
        ),
    )
