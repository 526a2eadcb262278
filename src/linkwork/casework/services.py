"""Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record
from linkwork.casework.models import Connection, Encounter, FinancialGain, Goal
from linkwork.casework.vocab import (
    CONNECTION_KINDS,
    CONNECTION_STATUSES,
    CONNECTION_TARGETS,
    ENCOUNTER_MODES,
    FINANCIAL_GAIN_TYPES,
    GOAL_STATUSES,
)
from linkwork.core.errors import DomainError
from linkwork.core.needs import NEED_LABELS
from linkwork.directory.models import Service
from linkwork.organisations.selectors import scheme_policy_current
from linkwork.referrals.events import referral_event_record
from linkwork.referrals.lifecycle import (
    DISCHARGE_REASON_LABELS,
    OPEN_STATUSES,
    SNOMED_REFERRED,
    Status,
)
from linkwork.referrals.models import Referral
from linkwork.referrals.services import referral_assign, referral_transition


def _require_open(referral: Referral) -> None:
    if Status(referral.status) not in OPEN_STATUSES:
        raise DomainError(
            "This episode is closed; refer the person again to record new work.",
            code="episode_closed",
        )


def sessions_attended(referral: Referral) -> int:
    return referral.encounters.filter(attended=True).count()


def session_cap(referral: Referral) -> int | None:
    policy = scheme_policy_current(referral.scheme_id)
    return policy.session_cap if policy else None


def cap_problem(referral: Referral, next_session: int) -> str | None:
    """Why session `next_session` cannot be recorded, or None.

    Past the cap a further session needs discharge or an at-risk flag with its reason
    (people at risk are not discharged at the cap), unless the scheme has no such exception."""
    policy = scheme_policy_current(referral.scheme_id)
    if policy is None or policy.session_cap is None or next_session <= policy.session_cap:
        return None
    if referral.at_risk and policy.at_risk_exception:
        return None
    advice = (
        "Discharge the person, or flag them as at risk with the reason, to continue."
        if policy.at_risk_exception
        else "This scheme makes no exception at the cap: discharge the person."
    )
    return (
        f"Session {next_session} would pass the scheme's cap of {policy.session_cap} "
        f"sessions. {advice}"
    )


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
    _require_open(referral)
    problems: dict[str, list[str]] = {}
    if mode not in ENCOUNTER_MODES:
        problems["mode"] = ["Choose how the session took place."]
    if not 1 <= duration_minutes <= 480:
        problems["duration_minutes"] = ["A session lasts between 1 minute and 8 hours."]
    if occurred_on > timezone.localdate():
        problems["occurred_on"] = ["The date cannot be in the future."]
    elif occurred_on < referral.received_on:
        problems["occurred_on"] = ["The date cannot be before the referral was received."]
    if mode == "home_visit":
        policy = scheme_policy_current(referral.scheme_id)
        if policy is not None and not policy.home_visits:
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
    referral_event_record(
        referral=referral,
        kind="encounter",
        actor=actor,
        data={"encounter": str(encounter.pk), "attended": attended, "session": number},
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="encounter",
        object_id=encounter.pk,
        person_id=referral.person_id,
        scheme_id=referral.scheme_id,
    )
    if attended and referral.first_contact_on is None:
        referral.first_contact_on = occurred_on
        referral.save(update_fields=["first_contact_on", "updated_at"])
        referral_event_record(
            referral=referral,
            kind="note",
            actor=actor,
            data={"first_contact": occurred_on.isoformat(), "snomed": SNOMED_REFERRED},
        )
    if attended and Status(referral.status) in {Status.ACCEPTED, Status.WAITING}:
        if referral.link_worker_id is None:
            referral_assign(referral=referral, link_worker=actor, actor=actor, on=occurred_on)
        referral_transition(referral=referral, to=Status.ACTIVE, actor=actor)
    return encounter


@transaction.atomic
def goal_add(*, referral: Referral, actor: User, description: str) -> Goal:
    _require_open(referral)
    if not description.strip():
        raise DomainError(
            "Describe the goal.", code="goal_empty", field_errors={"description": ["Required."]}
        )
    goal = Goal.objects.create(
        scheme_id=referral.scheme_id, referral=referral, description=description.strip()[:300]
    )
    referral_event_record(
        referral=referral, kind="goal", actor=actor, data={"goal": goal.description}
    )
    return goal


@transaction.atomic
def goal_set_status(*, goal: Goal, actor: User, status: str) -> Goal:
    if status not in GOAL_STATUSES:
        raise DomainError(f"Unknown goal status {status!r}.", code="goal_status")
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    referral_event_record(
        referral=goal.referral,
        kind="goal",
        actor=actor,
        data={"goal": goal.description, "status": status},
    )
    return goal


def consented_fields(*, person_id: uuid.UUID, provider_id: uuid.UUID | None) -> list[str]:
    """What the person agreed to share with this provider: the latest consent to share that
    is given and not withdrawn; nothing without one."""
    from linkwork.people.models import Consent

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


@transaction.atomic
def connection_create(
    *,
    referral: Referral,
    actor: User,
    kind: str,
    target: str = "directory_service",
    service_name: str = "",
    need: str = "",
    made_on: date | None = None,
    service: Service | None = None,
) -> Connection:
    """Connect the person to a service. With a directory service, its provider sees only what
    the person consented to share with it."""
    _require_open(referral)
    if service is not None:
        target, service_name = "directory_service", service.name
    problems: dict[str, list[str]] = {}
    if kind not in CONNECTION_KINDS:
        problems["kind"] = ["Choose signposting, referral or an accompanied first visit."]
    if target not in CONNECTION_TARGETS:
        problems["target"] = ["Choose the kind of service."]
    if not service_name.strip():
        problems["service_name"] = ["Name the service."]
    if need and need not in NEED_LABELS:
        problems["need"] = ["Choose a need from the list."]
    if service is not None and service.capacity in {
        Service.Capacity.CLOSED,
        Service.Capacity.PAUSED,
    }:
        state = "closed" if service.capacity == Service.Capacity.CLOSED else "paused"
        problems["service"] = [f"{service.name} is {state} to new people."]
    day = made_on or timezone.localdate()
    if day > timezone.localdate():
        problems["made_on"] = ["The date cannot be in the future."]
    if problems:
        raise DomainError("Check the connection.", code="connection_invalid", field_errors=problems)
    provider = (
        service.organization.registry_organisation_id
        if service is not None and service.organization is not None
        else None
    )
    connection = Connection.objects.create(
        scheme_id=referral.scheme_id,
        person_id=referral.person_id,
        referral=referral,
        kind=kind,
        target=target,
        service=service,
        service_name=service_name.strip(),
        need=need,
        status="requested",
        status_changed_at=timezone.now(),
        made_on=day,
        shared_fields=consented_fields(person_id=referral.person_id, provider_id=provider),
        made_by=actor,
    )
    referral_event_record(
        referral=referral,
        kind="connection",
        actor=actor,
        data={
            "connection": str(connection.pk),
            "service": connection.service_name,
            "status": "requested",
        },
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="connection",
        object_id=connection.pk,
        person_id=referral.person_id,
        scheme_id=referral.scheme_id,
        detail={"shared_fields": connection.shared_fields},
    )
    return connection


# Which statuses a connection can move to; the same one-to-one FHIR Task codes.
CONNECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    "requested": frozenset({"accepted", "rejected", "cancelled", "in-progress", "failed"}),
    "accepted": frozenset({"in-progress", "failed", "cancelled", "on-hold"}),
    "in-progress": frozenset({"completed", "on-hold", "cancelled"}),
    "on-hold": frozenset({"in-progress", "cancelled", "completed"}),
    "failed": frozenset({"in-progress"}),
    "rejected": frozenset(),
    "completed": frozenset(),
    "cancelled": frozenset(),
}


@transaction.atomic
def connection_set_status(
    *,
    connection: Connection,
    actor: User,
    status: str,
    reason: str = "",
    on: date | None = None,
) -> Connection:
    if status not in CONNECTION_STATUSES:
        raise DomainError(f"Unknown connection status {status!r}.", code="connection_status")
    if status not in CONNECTION_TRANSITIONS[connection.status]:
        raise DomainError(
            f"A connection that is {CONNECTION_STATUSES[connection.status].lower()} cannot "
            f"become {CONNECTION_STATUSES[status].lower()}.",
            code="connection_transition",
        )
    if status == "rejected" and not reason.strip():
        raise DomainError(
            "Say why the service declined (for example, no capacity).",
            code="connection_reason",
            field_errors={"reason": ["Give the reason."]},
        )
    connection.status, connection.status_reason = status, reason.strip()
    connection.status_changed_at = timezone.now()
    if status == "in-progress" and connection.first_attended_on is None:
        connection.first_attended_on = on or timezone.localdate()
    connection.save()
    referral_event_record(
        referral=connection.referral,
        kind="connection",
        actor=actor,
        data={
            "connection": str(connection.pk),
            "service": connection.service_name,
            "status": status,
            "reason": connection.status_reason,
        },
    )
    return connection


@transaction.atomic
def financial_gain_record(
    *,
    referral: Referral,
    actor: User,
    kind: str,
    amount_pence: int,
    recorded_on: date,
    annual: bool = False,
) -> FinancialGain:
    problems: dict[str, list[str]] = {}
    if kind not in FINANCIAL_GAIN_TYPES:
        problems["kind"] = ["Choose the type of gain."]
    if amount_pence <= 0:
        problems["amount"] = ["Enter an amount above zero."]
    if amount_pence > 10_000_000:
        problems["amount"] = ["That is more than £100,000; check the amount."]
    if recorded_on > timezone.localdate():
        problems["recorded_on"] = ["The date cannot be in the future."]
    if problems:
        raise DomainError("Check the financial gain.", code="gain_invalid", field_errors=problems)
    gain = FinancialGain.objects.create(
        scheme_id=referral.scheme_id,
        referral=referral,
        kind=kind,
        amount_pence=amount_pence,
        annual=annual,
        recorded_on=recorded_on,
    )
    referral_event_record(
        referral=referral,
        kind="financial_gain",
        actor=actor,
        data={"kind": kind, "amount_pence": amount_pence, "annual": annual},
    )
    return gain


@transaction.atomic
def referral_discharge(
    *, referral: Referral, actor: User, reason: str, on: date | None = None
) -> Referral:
    if reason not in DISCHARGE_REASON_LABELS:
        raise DomainError(
            "Choose the reason for discharge.",
            code="discharge_reason",
            field_errors={"reason": ["Choose a reason."]},
        )
    day = on or timezone.localdate()
    last = referral.encounters.aggregate(last=Max("occurred_on"))["last"]
    assigned = referral.assignments.aggregate(start=Max("started_on"))["start"]
    earliest = max(d for d in (referral.received_on, last, assigned) if d is not None)
    if day > timezone.localdate() or day < earliest:
        raise DomainError(
            f"The discharge date must be between {earliest:%d %B %Y} (the last session or "
            "assignment) and today.",
            code="discharge_date",
        )
    referral.discharge_reason = reason
    referral.closed_on = day
    referral_transition(
        referral=referral, to=Status.DISCHARGED, actor=actor, data={"reason": reason}
    )
    referral.assignments.filter(ended_on__isnull=True).update(ended_on=day)
    return referral


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
