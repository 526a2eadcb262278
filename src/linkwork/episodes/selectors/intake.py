"""Intake's reads: the scheme's policy as intake applies it, and the problems a referral of
this person would meet (the rules themselves are pure, in `episodes.intake`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core.dates import age_on
from linkwork.core.errors import DomainError
from linkwork.episodes.details import ReferralDetails
from linkwork.episodes.intake import IntakeFacts, IntakeProblem, intake_problems
from linkwork.episodes.lifecycle import OPEN_STATUSES
from linkwork.episodes.models import Referral
from linkwork.organisations.models import Scheme
from linkwork.organisations.policy_rules import PolicyInput
from linkwork.organisations.selectors import policy_input, scheme_policy_current
from linkwork.people.matching import PersonKey
from linkwork.people.models import Person


def intake_policy(scheme: Scheme) -> PolicyInput:
    policy = scheme_policy_current(scheme.pk)
    if policy is None:
        raise DomainError(
            f"{scheme.name} has no policy yet, so it cannot take referrals.", code="no_policy"
        )
    return policy_input(policy)


def intake_check(
    *,
    person: Person,
    scheme: Scheme,
    details: ReferralDetails,
    exclude: Referral | None = None,
) -> list[IntakeProblem]:
    """The policy's problems with a referral of this person; `exclude` is the referral being
    triaged, which is not another episode of its own."""
    episodes = Referral.objects.filter(person=person, scheme=scheme)
    if exclude is not None:
        episodes = episodes.exclude(pk=exclude.pk)
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
    return intake_problems(intake_policy(scheme), facts)


# A form sent again after going Back is a new form with a new key; what it says gives it away.
RESENT_WITHIN = timedelta(minutes=15)


def referral_just_made(
    *, scheme: Scheme, person: PersonKey, details: ReferralDetails, actor: User | None
) -> Referral | None:
    """The same open referral of the same person (name, date of birth and number), made by
    the same referrer (or, with no actor, by the same self-referrer) in the last few minutes:
    the one a resent form repeats."""
    if person.date_of_birth is None:
        return None  # incomplete details never repeat a saved referral
    recent = Referral.objects.filter(
        scheme=scheme,
        referrer=actor,
        source=details.source,
        received_on=details.received_on,
        created_at__gte=timezone.now() - RESENT_WITHIN,
        person__date_of_birth=person.date_of_birth,
        person__given_name__iexact=person.given_name.strip(),
        person__family_name__iexact=person.family_name.strip(),
    ).select_related("person")
    for referral in recent.filter(status__in=[s.value for s in OPEN_STATUSES]).order_by(
        "-created_at"
    ):
        held = referral.person
        numbers = {held.nhs_number, held.chi_number, held.number_to_confirm} - {""}
        typed = {person.nhs_number, person.chi_number} - {""}
        if sorted(referral.reasons) == sorted(details.reasons) and numbers == typed:
            return referral
    return None
