"""Reads of referrals for the pages. Identifiable: only through the scoped querysets in
`referrals.permissions`, and lists are audited by the views that show them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.organisations.models import Scheme
from linkwork.referrals.lifecycle import OPEN_STATUSES, STATUS_LABELS, Status
from linkwork.referrals.models import Referral, ReferralEvent
from linkwork.referrals.permissions import referral_list_for


@dataclass
class Caseload:
    triage: list[Referral] = field(default_factory=list)
    waiting: list[Referral] = field(default_factory=list)
    active: list[Referral] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def people(self) -> list[Referral]:
        return [*self.triage, *self.waiting, *self.active]


def caseload_for(*, user: User, today: date) -> Caseload:
    """Referrals to triage in the user's schemes, their waiting list, and their active cases.
    Scheme managers see the whole scheme; link workers see triage for the scheme and their own
    waiting and active people."""
    scope = scope_for(user)
    base = (
        Referral.objects.filter(scheme_id__in=scope.casework_schemes)
        .select_related("person", "scheme", "link_worker")
        .annotate(sessions=Count("encounters", filter=Q(encounters__attended=True)))
    )
    mine = base if scope.managed_schemes else base.filter(link_worker=user)
    caseload = Caseload(
        triage=list(base.filter(status=Status.RECEIVED.value).order_by("received_on")),
        waiting=list(
            base.filter(status__in=[Status.ACCEPTED.value, Status.WAITING.value])
            .filter(
                Q(link_worker=user) | Q(link_worker__isnull=True)
                if not scope.managed_schemes
                else Q()
            )
            .order_by("received_on")
        ),
        active=list(mine.filter(status=Status.ACTIVE.value).order_by("person__family_name")),
    )
    for referral in caseload.waiting:
        referral.days_waiting = (today - referral.received_on).days  # type: ignore[attr-defined]
    counts = mine.values("status").annotate(n=Count("pk")).order_by()
    caseload.counts = {STATUS_LABELS[row["status"]]: row["n"] for row in counts}
    return caseload


def referrals_made_by(*, user: User) -> QuerySet[Referral]:
    return (
        referral_list_for(user=user)
        .filter(referrer=user)
        .select_related("person", "scheme")
        .order_by("-received_on")
    )


def referrals_for_practices(*, user: User) -> QuerySet[Referral]:
    scope = scope_for(user)
    return (
        Referral.objects.filter(practice_id__in=scope.managed_practices)
        .select_related("person", "scheme", "practice")
        .order_by("-received_on")
    )


def referral_timeline(*, referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.select_related("actor").order_by("at", "id")


def episodes_of_person(*, person_id: uuid.UUID) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(person_id=person_id)
        .select_related("scheme", "link_worker", "practice")
        .prefetch_related("encounters", "goals", "connections", "financial_gains")
        .order_by("-received_on")
    )


def schemes_taking_referrals_from(*, practice_ids: frozenset[uuid.UUID]) -> QuerySet[Scheme]:
    return Scheme.objects.filter(practices__in=list(practice_ids)).distinct().order_by("name")


def open_statuses() -> list[str]:
    return [s.value for s in OPEN_STATUSES]
