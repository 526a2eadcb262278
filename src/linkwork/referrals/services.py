"""Referral intake and the episode lifecycle. Every status change goes through
`referral_transition`, which enforces the transition table, stamps and attributes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.services import audit_record
from linkwork.core.errors import DomainError, InvalidTransitionError
from linkwork.core.needs import NEED_LABELS
from linkwork.organisations.models import Organisation, Scheme
from linkwork.organisations.policy_rules import REFERRAL_SOURCE_LABELS, PolicyInput
from linkwork.organisations.selectors import policy_input, scheme_policy_current
from linkwork.people.models import Person
from linkwork.referrals.events import referral_event_record
from linkwork.referrals.intake import IntakeFacts, IntakeProblem, age_on, intake_problems
from linkwork.referrals.lifecycle import (
    DECLINE_REASON_LABELS,
    OPEN_STATUSES,
    RISK_FLAG_LABELS,
    SNOMED_DECLINED,
    Status,
    transition_problem,
)
from linkwork.referrals.models import Referral


@dataclass(frozen=True, slots=True)
class ReferralDetails:
    source: str
    received_on: date
    reasons: tuple[str, ...]
    reason_text: str = ""
    risk_flags: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    practice: Organisation | None = None
    referrer: User | None = None
    referrer_name: str = ""


@dataclass(frozen=True, slots=True)
class IntakeOutcome:
    referral: Referral
    problems: tuple[IntakeProblem, ...]

    @property
    def accepted_for_triage(self) -> bool:
        return not self.problems


def _policy(scheme: Scheme) -> PolicyInput:
    policy = scheme_policy_current(scheme.pk)
    if policy is None:
        raise DomainError(
            f"{scheme.name} has no policy yet, so it cannot take referrals.", code="no_policy"
        )
    return policy_input(policy)


def _validate_details(scheme: Scheme, details: ReferralDetails) -> None:
    problems: dict[str, list[str]] = {}
    if details.source not in REFERRAL_SOURCE_LABELS:
        problems["source"] = [f"Unknown referral source {details.source!r}."]
    if not details.reasons:
        problems["reasons"] = ["Choose at least one reason for the referral."]
    unknown = [r for r in details.reasons if r not in NEED_LABELS]
    if unknown:
        problems.setdefault("reasons", []).append(f"Unknown reasons: {', '.join(unknown)}.")
    bad_flags = [f for f in details.risk_flags if f not in RISK_FLAG_LABELS]
    if bad_flags:
        problems["risk_flags"] = [f"Unknown risk flags: {', '.join(bad_flags)}."]
    if details.received_on > timezone.localdate():
        problems["received_on"] = ["The referral date cannot be in the future."]
    if (
        details.practice is not None
        and not scheme.practices.filter(pk=details.practice.pk).exists()
    ):
        problems["practice"] = [f"{details.practice.name} is not served by {scheme.name}."]
    if problems:
        raise DomainError("Check the referral.", code="referral_invalid", field_errors=problems)


def intake_check(
    *, person: Person, scheme: Scheme, details: ReferralDetails
) -> list[IntakeProblem]:
    episodes = Referral.objects.filter(person=person, scheme=scheme)
    last_closed = (
        episodes.exclude(status__in=[s.value for s in OPEN_STATUSES])
        .exclude(closed_on__isnull=True)
        .order_by("-closed_on")
        .values_list("closed_on", flat=True)
        .first()
    )
    facts = IntakeFacts(
        source=details.source,
        age=age_on(person.date_of_birth, details.received_on),
        exclusions=details.exclusions,
        received_on=details.received_on,
        last_episode_closed_on=last_closed,
        has_open_episode=episodes.filter(status__in=[s.value for s in OPEN_STATUSES]).exists(),
    )
    return intake_problems(_policy(scheme), facts)


@transaction.atomic
def referral_create(
    *, person: Person, details: ReferralDetails, actor: User | None
) -> IntakeOutcome:
    """Record a referral. One that the scheme's policy cannot accept is still recorded, and
    declined at once with the policy's reason code: nothing is silently dropped."""
    scheme = person.scheme
    _validate_details(scheme, details)
    problems = intake_check(person=person, scheme=scheme, details=details)
    previous = (
        Referral.objects.filter(person=person, scheme=scheme).order_by("-received_on").first()
    )
    referral = Referral.objects.create(
        scheme=scheme,
        person=person,
        practice=details.practice,
        source=details.source,
        referrer=details.referrer,
        referrer_name=details.referrer_name,
        received_on=details.received_on,
        reasons=list(details.reasons),
        reason_text=details.reason_text.strip(),
        risk_flags=list(details.risk_flags),
        status=Status.RECEIVED.value,
        status_changed_at=timezone.now(),
        previous_episode=previous,
    )
    referral_event_record(
        referral=referral,
        kind="created",
        actor=actor,
        data={"source": details.source, "previous_episode": str(previous.pk) if previous else ""},
    )
    audit_record(
        actor=actor,
        action="create",
        object_type="referral",
        object_id=referral.pk,
        person_id=person.pk,
        scheme_id=scheme.pk,
    )
    if problems:
        _decline(
            referral=referral,
            actor=actor,
            code=problems[0].code.value,
            note=" ".join(p.message for p in problems),
            automatic=True,
        )
    return IntakeOutcome(referral=referral, problems=tuple(problems))


def referral_transition(
    *, referral: Referral, to: Status, actor: User | None, data: dict[str, object] | None = None
) -> Referral:
    current = Status(referral.status)
    problem = transition_problem(current, to)
    if problem:
        raise InvalidTransitionError(problem, code="bad_transition")
    referral.status = to.value
    referral.status_changed_at = timezone.now()
    if to not in OPEN_STATUSES and referral.closed_on is None:
        referral.closed_on = timezone.localdate()
    referral.save()
    referral_event_record(
        referral=referral,
        kind="status",
        actor=actor,
        data={"from": current.value, "to": to.value, **(data or {})},
    )
    audit_record(
        actor=actor,
        action="update",
        object_type="referral",
        object_id=referral.pk,
        person_id=referral.person_id,
        scheme_id=referral.scheme_id,
        detail={"status": to.value},
    )
    return referral


def _decline(
    *, referral: Referral, actor: User | None, code: str, note: str, automatic: bool
) -> Referral:
    referral.decline_reason = code
    return referral_transition(
        referral=referral,
        to=Status.DECLINED,
        actor=actor,
        data={"reason": code, "note": note, "automatic": automatic, "snomed": SNOMED_DECLINED},
    )


@transaction.atomic
def referral_accept(*, referral: Referral, actor: User) -> Referral:
    """Accept at triage, re-checking the policy (it may have changed since intake)."""
    problems = intake_check(
        person=referral.person,
        scheme=referral.scheme,
        details=ReferralDetails(
            source=referral.source,
            received_on=referral.received_on,
            reasons=tuple(referral.reasons),
        ),
    )
    # The open episode being accepted is this one; only other open episodes count.
    others_open = (
        Referral.objects.filter(
            person=referral.person,
            scheme=referral.scheme,
            status__in=[s.value for s in OPEN_STATUSES],
        )
        .exclude(pk=referral.pk)
        .exists()
    )
    problems = [p for p in problems if p.code.value != "duplicate_referral" or others_open]
    if problems:
        raise DomainError(
            "This referral cannot be accepted: " + " ".join(p.message for p in problems),
            code="intake_refused",
        )
    return referral_transition(referral=referral, to=Status.ACCEPTED, actor=actor)


@transaction.atomic
def referral_decline(*, referral: Referral, actor: User, reason: str, note: str = "") -> Referral:
    if reason not in DECLINE_REASON_LABELS:
        raise DomainError(
            "Choose why the referral is declined.",
            code="decline_reason",
            field_errors={"reason": ["Choose a reason."]},
        )
    return _decline(referral=referral, actor=actor, code=reason, note=note, automatic=False)


@transaction.atomic
def referral_close(*, referral: Referral, actor: User, to: Status, note: str = "") -> Referral:
    """Withdrawn or did not engage."""
    if to not in {Status.WITHDRAWN, Status.DID_NOT_ENGAGE}:
        raise DomainError("Use discharge or decline for that.", code="close_status")
    return referral_transition(referral=referral, to=to, actor=actor, data={"note": note})


def link_workers_of(scheme: Scheme) -> QuerySet[User]:
    return User.objects.filter(
        memberships__scheme=scheme,
        memberships__role=Role.LINK_WORKER.value,
        memberships__ended_on__isnull=True,
    ).distinct()


@transaction.atomic
def referral_assign(
    *,
    referral: Referral,
    link_worker: User,
    actor: User,
    on: date | None = None,
    note: str = "",
) -> Referral:
    """Give the episode to a link worker; the history of who supported whom is kept."""
    from linkwork.casework.models import Assignment

    if not link_workers_of(referral.scheme).filter(pk=link_worker.pk).exists():
        raise DomainError(
            f"{link_worker} is not a link worker in {referral.scheme.name}.",
            code="assign_not_link_worker",
            field_errors={"link_worker": ["Choose a link worker of this scheme."]},
        )
    if Status(referral.status) not in OPEN_STATUSES:
        raise DomainError("Closed referrals cannot be reassigned.", code="assign_closed")
    day = on or timezone.localdate()
    Assignment.objects.filter(referral=referral, ended_on__isnull=True).update(ended_on=day)
    Assignment.objects.create(
        scheme_id=referral.scheme_id,
        referral=referral,
        link_worker=link_worker,
        started_on=day,
        handover_note=note,
    )
    referral.link_worker = link_worker
    referral.save(update_fields=["link_worker", "updated_at"])
    referral_event_record(
        referral=referral,
        kind="assigned",
        actor=actor,
        data={"link_worker": str(link_worker), "note": note},
    )
    if Status(referral.status) is Status.ACCEPTED:
        referral_transition(referral=referral, to=Status.WAITING, actor=actor)
    return referral


@transaction.atomic
def referral_set_at_risk(
    *, referral: Referral, actor: User, at_risk: bool, reason: str = ""
) -> Referral:
    reason = reason.strip()
    if at_risk and not reason:
        raise DomainError(
            "Say why the person is at risk.",
            code="at_risk_reason",
            field_errors={"at_risk_reason": ["Give the reason."]},
        )
    referral.at_risk, referral.at_risk_reason = at_risk, reason if at_risk else ""
    referral.save(update_fields=["at_risk", "at_risk_reason", "updated_at"])
    referral_event_record(
        referral=referral, kind="at_risk", actor=actor, data={"at_risk": at_risk, "reason": reason}
    )
    return referral


@transaction.atomic
def referral_what_matters_set(*, referral: Referral, actor: User, text: str) -> Referral:
    referral.what_matters = text.strip()
    referral.save(update_fields=["what_matters", "updated_at"])
    referral_event_record(referral=referral, kind="goal", actor=actor, data={"what_matters": True})
    audit_record(
        actor=actor,
        action="update",
        object_type="referral",
        object_id=referral.pk,
        person_id=referral.person_id,
        scheme_id=referral.scheme_id,
        detail={"fields": ["what_matters"]},
    )
    return referral
