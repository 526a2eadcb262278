"""Intake's reads: the scheme's policy as intake applies it, and the problems a referral of
this person would meet (the rules themselves are pure, in `episodes.intake`)."""

from __future__ import annotations

from linkwork.core.dates import age_on
from linkwork.core.errors import DomainError
from linkwork.episodes.details import ReferralDetails
from linkwork.episodes.intake import IntakeFacts, IntakeProblem, intake_problems
from linkwork.episodes.lifecycle import OPEN_STATUSES
from linkwork.episodes.models import Referral
from linkwork.organisations.models import Scheme
from linkwork.organisations.policy_rules import PolicyInput
from linkwork.organisations.selectors import policy_input, scheme_policy_current
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
