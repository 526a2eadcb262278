"""Referral intake and the episode lifecycle. Every status change goes through
`referral_transition`, which enforces the transition table, stamps and attributes it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.needs import Need
from linkwork.episodes import events
from linkwork.episodes.details import ReferralDetails
from linkwork.episodes.intake import IntakeProblem
from linkwork.episodes.lifecycle import (
    SNOMED_DECLINED,
    DeclineReason,
    RiskFlag,
    Status,
)
from linkwork.episodes.models import Referral
from linkwork.episodes.selectors.intake import intake_check, referral_just_made
from linkwork.episodes.services.lifecycle import referral_assign, referral_transition
from linkwork.organisations.models import Scheme
from linkwork.organisations.policy_rules import Exclusion, ReferralSource
from linkwork.people.models import Consent, Person
from linkwork.people.selectors import person_find_by_number, person_key
from linkwork.people.services import (
    PersonDetails,
    consent_record,
    person_create,
    reply_problems,
)


@dataclass(frozen=True, slots=True)
class IntakeOutcome:
    referral: Referral
    problems: tuple[IntakeProblem, ...]
    repeated: bool = False  # the same referral, sent again: nothing new was written

    @property
    def accepted_for_triage(self) -> bool:
        return not self.problems


def _decline(
    *, referral: Referral, actor: User | None, code: str, note: str, automatic: bool
) -> Referral:
    referral.decline_reason = code
    referral.decline_note = note.strip()
    return referral_transition(
        referral=referral,
        to=Status.DECLINED,
        actor=actor,
        data={"reason": code, "note": note, "automatic": automatic, "snomed": SNOMED_DECLINED},
    )


@transaction.atomic
def referral_accept(
    *, referral: Referral, actor: User, link_worker: User | None = None
) -> Referral:
    """Accept at triage, re-checking the policy (it may have changed since intake), and
    assign the link worker in the same step when one is chosen."""
    problems = intake_check(
        person=referral.person,
        scheme=referral.scheme,
        details=ReferralDetails(
            source=referral.source,
            received_on=referral.received_on,
            reasons=tuple(referral.reasons),
            exclusions=tuple(referral.screening),
        ),
        exclude=referral,
    )
    if problems:
        raise DomainError(
            "This referral cannot be accepted: " + " ".join(p.message for p in problems),
            code="intake_refused",
        )
    referral_transition(referral=referral, to=Status.ACCEPTED, actor=actor)
    if link_worker is not None:
        referral_assign(referral=referral, link_worker=link_worker, actor=actor)
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, actor: User, reason: str, note: str = "") -> Referral:
    if reason not in DeclineReason:
        raise DomainError(
            "Choose why the referral is declined.",
            code="decline_reason",
            field_errors={"reason": ["Choose a reason."]},
        )
    return _decline(referral=referral, actor=actor, code=reason, note=note, automatic=False)


def _validate_details(scheme: Scheme, details: ReferralDetails) -> None:
    problems = _details_problems(scheme, details)
    if problems:
        raise DomainError("Check the referral.", code="referral_invalid", field_errors=problems)


def _details_problems(scheme: Scheme, details: ReferralDetails) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if details.source not in ReferralSource:
        problems["source"] = [f"Unknown referral source {details.source!r}."]
    if not details.reasons:
        problems["reasons"] = ["Choose at least one reason for the referral."]
    unknown = [r for r in details.reasons if r not in Need]
    if unknown:
        problems.setdefault("reasons", []).append(f"Unknown reasons: {', '.join(unknown)}.")
    bad_flags = [f for f in details.risk_flags if f not in RiskFlag]
    if bad_flags:
        problems["risk_flags"] = [f"Unknown risk flags: {', '.join(bad_flags)}."]
    bad_screening = [e for e in details.exclusions if e not in Exclusion]
    if bad_screening:
        problems["exclusions"] = [
            f"Unknown answers: {', '.join(bad_screening)}. Use the codes listed for "
            "'Is the person currently any of these?'."
        ]
    if details.received_on > clock.today():
        problems["received_on"] = [
            "The date of referral cannot be in the future: enter today's date or an earlier one."
        ]
    if (
        details.practice is not None
        and not scheme.practices.filter(pk=details.practice.pk).exists()
    ):
        problems["practice"] = [f"{details.practice.name} is not served by {scheme.name}."]
    return problems


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
        screening=list(details.exclusions),
        status=Status.RECEIVED.value,
        status_changed_at=timezone.now(),
        previous_episode=previous,
    )
    events.referral_received(referral=referral, actor=actor, previous=previous)
    if problems:
        _decline(
            referral=referral,
            actor=actor,
            code=problems[0].code.value,
            note=" ".join(p.message for p in problems),
            automatic=True,
        )
    return IntakeOutcome(referral=referral, problems=tuple(problems))


@transaction.atomic
def referral_intake(
    *, scheme: Scheme, person: PersonDetails, details: ReferralDetails, actor: User | None
) -> IntakeOutcome:
    """A referral arriving by any door: the practice's form, the public self-referral form or
    the API. Finds the person the scheme already knows by their NHS or CHI number (or records
    them), records their consent to the service, creates the referral and runs intake on it.

    One transaction: when anything is refused, nothing is written, and the error lists every
    problem with the person and the referral together, by field. With no `actor` the person
    referred themself and gave their consent directly.
    """
    again = referral_just_made(
        scheme=scheme, person=person_key(person), details=details, actor=actor
    )
    if again is not None:
        return IntakeOutcome(referral=again, problems=(), repeated=True)
    referral_problems = _details_problems(scheme, details)
    if actor is None:
        referral_problems.update(reply_problems(phone=person.phone, email=person.email))
    known = person_find_by_number(scheme=scheme, key=person_key(person))
    # The public door neither links a stranger's request to a record nor says whether a number
    # is known: the request gets a record of its own, holding the number for staff to confirm
    # (and merge) at triage.
    hold_number = known is not None and actor is None
    if hold_number:
        known = None
    try:
        if known is not None and known.date_of_birth != person.date_of_birth:
            # Said without revealing the date of birth on record.
            raise DomainError(
                "The NHS or CHI number belongs to someone with a different date of birth.",
                code="person_number_mismatch",
                field_errors={
                    field: ["Check the number and the date of birth: they do not match."]
                    for field in ("nhs_number", "chi_number", "date_of_birth")
                    if field == "date_of_birth" or getattr(person, field)
                },
            )
        subject = known or person_create(
            scheme=scheme, details=person, actor=actor, hold_known_number=hold_number
        )
    except DomainError as exc:
        raise DomainError(
            exc.message, code=exc.code, field_errors={**referral_problems, **exc.field_errors}
        ) from exc
    if referral_problems:
        raise DomainError(
            "Check the referral.", code="referral_invalid", field_errors=referral_problems
        )
    consent_record(
        person=subject,
        actor=actor,
        kind=Consent.Kind.SERVICE,
        given=True,
        recorded_on=details.received_on,
    )
    return referral_create(person=subject, details=details, actor=actor)
