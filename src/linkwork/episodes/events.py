"""The episode's append-only event log: one constructor per kind of event.

Each constructor writes the timeline entry and, where the event writes identifiable data, its
audit row, in one call, so the two can never disagree. The timeline, the audit trail and the
evaluation (waiting times, first contacts, connections) all read what these write; the shape of
each kind's `data` is fixed here. Apps above this one add their own kinds through `record`
(outcomes records questionnaires and risk alerts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import (
    Connection,
    Encounter,
    FinancialGain,
    Goal,
    Referral,
    ReferralEvent,
)
from linkwork.people.models import Consent

Kind = ReferralEvent.Kind


@dataclass(frozen=True, slots=True)
class Audited:
    """The audit row an event writes beside itself: what was done to which record."""

    action: str
    object_type: str
    object_id: object
    detail: Mapping[str, object] | None = None


def record(
    *,
    referral: Referral,
    kind: ReferralEvent.Kind,
    actor: User | None,
    data: Mapping[str, object],
    audited: Audited | None = None,
) -> ReferralEvent:
    """Write one event, and its audit row when `audited` says what it changed."""
    event = ReferralEvent.objects.create(
        scheme_id=referral.scheme_id,
        referral=referral,
        kind=kind,
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        data=dict(data),
    )
    if audited is not None:
        audit_record(
            actor=actor,
            action=audited.action,
            object_type=audited.object_type,
            object_id=audited.object_id,
            person_id=referral.person_id,
            scheme_id=referral.scheme_id,
            detail=audited.detail,
        )
    return event


def referral_received(
    *, referral: Referral, actor: User | None, previous: Referral | None
) -> ReferralEvent:
    return record(
        referral=referral,
        kind=Kind.CREATED,
        actor=actor,
        data={"source": referral.source, "previous_episode": str(previous.pk) if previous else ""},
        audited=Audited("create", "referral", referral.pk),
    )


def status_changed(
    *,
    referral: Referral,
    actor: User | None,
    previous: Status,
    to: Status,
    data: Mapping[str, object] | None = None,
) -> ReferralEvent:
    return record(
        referral=referral,
        kind=Kind.STATUS,
        actor=actor,
        data={"from": previous.value, "to": to.value, **(data or {})},
        audited=Audited("update", "referral", referral.pk, {"status": to.value}),
    )


def link_worker_assigned(
    *, referral: Referral, actor: User, link_worker: User, note: str
) -> ReferralEvent:
    return record(
        referral=referral,
        kind=Kind.ASSIGNED,
        actor=actor,
        data={"link_worker": str(link_worker), "note": note},
        audited=Audited("update", "referral", referral.pk, {"fields": ["link_worker"]}),
    )


def at_risk_changed(
    *, referral: Referral, actor: User, at_risk: bool, reason: str
) -> ReferralEvent:
    return record(
        referral=referral,
        kind=Kind.AT_RISK,
        actor=actor,
        data={"at_risk": at_risk, "reason": reason},
        audited=Audited("update", "referral", referral.pk, {"fields": ["at_risk"]}),
    )


def safety_acted_on(*, referral: Referral, actor: User) -> ReferralEvent:
    return record(
        referral=referral,
        kind=Kind.SAFETY,
        actor=actor,
        data={"risk_flags": list(referral.risk_flags), "screening": list(referral.screening)},
        audited=Audited("update", "referral", referral.pk, {"fields": ["safety_action"]}),
    )


def what_matters_changed(*, referral: Referral, actor: User) -> ReferralEvent:
    return record(
        referral=referral,
        kind=Kind.GOAL,
        actor=actor,
        data={"what_matters": True},
        audited=Audited("update", "referral", referral.pk, {"fields": ["what_matters"]}),
    )


def goal_added(*, goal: Goal, actor: User) -> ReferralEvent:
    return record(
        referral=goal.referral,
        kind=Kind.GOAL,
        actor=actor,
        data={"goal": goal.description},
        audited=Audited("create", "goal", goal.pk),
    )


def goal_status_changed(*, goal: Goal, actor: User) -> ReferralEvent:
    return record(
        referral=goal.referral,
        kind=Kind.GOAL,
        actor=actor,
        data={"goal": goal.description, "status": goal.status},
        audited=Audited("update", "goal", goal.pk, {"status": goal.status}),
    )


def encounter_recorded(*, encounter: Encounter, actor: User, session: int | None) -> ReferralEvent:
    return record(
        referral=encounter.referral,
        kind=Kind.ENCOUNTER,
        actor=actor,
        data={"encounter": str(encounter.pk), "attended": encounter.attended, "session": session},
        audited=Audited("create", "encounter", encounter.pk),
    )


def first_contact_noted(*, referral: Referral, actor: User, snomed: str) -> ReferralEvent:
    """The first attended session: the end of the wait (SNOMED CT 'referral to social
    prescribing service' goes back to the GP record from here)."""
    first_contact = referral.first_contact_on
    return record(
        referral=referral,
        kind=Kind.NOTE,
        actor=actor,
        data={
            "first_contact": first_contact.isoformat() if first_contact else "",
            "snomed": snomed,
        },
    )


def connection_made(
    *, connection: Connection, actor: User, consent: Consent | None = None
) -> ReferralEvent:
    # The consent to share asked for at the connection is named, so each is traceable.
    consented = {"consent": str(consent.pk)} if consent is not None else {}
    return record(
        referral=connection.referral,
        kind=Kind.CONNECTION,
        actor=actor,
        data={
            "connection": str(connection.pk),
            "service": connection.service_name,
            "status": connection.status,
            **consented,
        },
        audited=Audited(
            "create", "connection", connection.pk, {"shared_fields": connection.shared_fields}
        ),
    )


def connection_status_changed(*, connection: Connection, actor: User | None) -> ReferralEvent:
    return record(
        referral=connection.referral,
        kind=Kind.CONNECTION,
        actor=actor,
        data={
            "connection": str(connection.pk),
            "service": connection.service_name,
            "status": connection.status,
            "reason": connection.status_reason,
        },
        audited=Audited("update", "connection", connection.pk, {"status": connection.status}),
    )


def financial_gain_recorded(*, gain: FinancialGain, actor: User) -> ReferralEvent:
    return record(
        referral=gain.referral,
        kind=Kind.FINANCIAL_GAIN,
        actor=actor,
        data={"kind": gain.kind, "amount_pence": gain.amount_pence, "annual": gain.annual},
        audited=Audited("create", "financial_gain", gain.pk),
    )
