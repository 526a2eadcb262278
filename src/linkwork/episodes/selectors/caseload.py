"""Reads of referrals for the pages. Identifiable: only through the scoped querysets in
`referrals.permissions`, and lists are audited by the views that show them.

Referral intake and the episode lifecycle. Every status change goes through
`referral_transition`, which enforces the transition table, stamps and attributes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.episodes.home_words import caseload_lead
from linkwork.episodes.lifecycle import (
    OPEN_STATUSES,
    Status,
)
from linkwork.episodes.models import Encounter, Referral
from linkwork.organisations.models import Scheme
from linkwork.people.permissions import unrestricted_or_managed


@dataclass
class Caseload:
    triage: list[Referral] = field(default_factory=list)
    waiting: list[Referral] = field(default_factory=list)
    active: list[Referral] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    sessions_today: int = 0
    waiting_assigned: int = 0  # of `waiting`, those with their link worker (or any, managed)
    managed: bool = False  # a scheme manager's: the whole scheme's, not one link worker's

    @property
    def lead(self) -> str:
        """The page's subtitle: how many people this is, and today's work, in a sentence."""
        return caseload_lead(
            active=len(self.active),
            waiting=self.waiting_assigned,
            triage=len(self.triage),
            sessions_today=self.sessions_today,
            managed=self.managed,
        )

    @property
    def people(self) -> list[Referral]:
        return [*self.triage, *self.waiting, *self.active]

    @property
    def safety(self) -> list[Referral]:
        """Episodes whose safety information no link worker has acted on yet."""
        return [r for r in self.people if r.safety_flag_open]


def caseload_for(*, user: User, today: date) -> Caseload:
    """Referrals to triage in the user's schemes, their waiting list, and their active cases.
    Scheme managers see the whole scheme; link workers see triage for the scheme and their own
    waiting and active people."""
    scope = scope_for(user)
    base = (
        Referral.objects.filter(scheme_id__in=scope.casework_schemes)
        .filter(unrestricted_or_managed(user=user))
        .select_related("person", "scheme", "link_worker")
        .annotate(sessions=Count("encounters", filter=Q(encounters__attended=True)))
    )
    mine = base if scope.managed_schemes else base.filter(link_worker=user)
    caseload = Caseload(
        managed=bool(scope.managed_schemes),
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
    caseload.waiting_assigned = sum(
        1 for r in caseload.waiting if scope.managed_schemes or r.link_worker_id == user.pk
    )
    # Counted on the plain referrals: `mine` is annotated with a join to the sessions, which
    # would count each referral once per session.
    scheme_referrals = Referral.objects.filter(scheme_id__in=scope.casework_schemes).filter(
        unrestricted_or_managed(user=user)
    )
    counted = (
        scheme_referrals if scope.managed_schemes else scheme_referrals.filter(link_worker=user)
    )
    counts = counted.values("status").annotate(n=Count("pk")).order_by()
    caseload.counts = {Status(row["status"]).label: row["n"] for row in counts}
    caseload.sessions_today = (
        Encounter.objects.filter(
            scheme_id__in=scope.casework_schemes, occurred_on=today, attended=True
        )
        .filter(Q() if scope.managed_schemes else Q(recorded_by=user))
        .count()
    )
    return caseload


def link_workers_with_caseload(scheme: Scheme) -> QuerySet[User]:
    """The scheme's link workers by name, each with `open_caseload`: the people they support
    in this scheme now (accepted, waiting or active)."""
    open_here = Q(caseload__scheme=scheme) & Q(
        caseload__status__in=[s.value for s in OPEN_STATUSES if s is not Status.RECEIVED]
    )
    return (
        link_workers_of(scheme)
        .annotate(open_caseload=Count("caseload", filter=open_here, distinct=True))
        .order_by("last_name", "first_name")
    )


def link_workers_of(scheme: Scheme) -> QuerySet[User]:
    return User.objects.filter(
        memberships__scheme=scheme,
        memberships__role=Role.LINK_WORKER.value,
        memberships__ended_on__isnull=True,
    ).distinct()


@dataclass(frozen=True)
class HandoverChoices:
    referrals: QuerySet[Referral]
    link_workers: QuerySet[User]


def handover_choices(*, user: User) -> HandoverChoices:
    """Whose open episodes this user may hand over (their own; a manager, any in the schemes
    they manage) and to whom. Raises PermissionDenied for a user with no caseload."""
    scope = scope_for(user)
    if not scope.casework_schemes:
        raise PermissionDenied("Only link workers and scheme managers hand over caseloads.")
    open_referrals = (
        Referral.objects.filter(
            scheme_id__in=scope.casework_schemes,
            status__in=[s.value for s in OPEN_STATUSES],
        )
        .filter(unrestricted_or_managed(user=user))
        .select_related("person", "link_worker")
    )
    if not scope.managed_schemes:
        open_referrals = open_referrals.filter(link_worker=user)
    workers = User.objects.none()
    for scheme in Scheme.objects.filter(pk__in=scope.casework_schemes):
        workers = workers | link_workers_of(scheme)
    return HandoverChoices(
        referrals=open_referrals.order_by("person__family_name"),
        link_workers=workers.distinct().order_by("last_name"),
    )
