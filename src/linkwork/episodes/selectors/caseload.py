"""Reads of referrals for the pages. Identifiable: only through the scoped querysets in
`referrals.permissions`, and lists are audited by the views that show them.

Referral intake and the episode lifecycle. Every status change goes through
`referral_transition`, which enforces the transition table, stamps and attributes it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.core.extensions import caseload_next_contacts
from linkwork.core.pagination import Preview, preview_of
from linkwork.episodes.home_words import caseload_lead
from linkwork.episodes.lifecycle import (
    OPEN_STATUSES,
    Status,
)
from linkwork.episodes.models import Connection, Encounter, Referral
from linkwork.episodes.selectors.vcse_inbox import follow_up_due
from linkwork.organisations.models import Scheme
from linkwork.people.permissions import unrestricted_or_managed


@dataclass(frozen=True)
class CaseloadQueues:
    """The user's queues as ordered querysets, for the home page's previews and the full,
    paginated lists. Link workers see triage for their schemes and their own waiting and
    active people; scheme managers the whole scheme's."""

    triage: QuerySet[Referral]
    waiting: QuerySet[Referral]
    active: QuerySet[Referral]
    safety: QuerySet[Referral]
    follow_up: QuerySet[Connection]
    managed: bool


def caseload_queues(*, user: User, today: date) -> CaseloadQueues:
    scope = scope_for(user)
    managed = bool(scope.managed_schemes)
    visible = Referral.objects.filter(scheme_id__in=scope.casework_schemes).filter(
        unrestricted_or_managed(user=user)
    )
    attended = Q(encounters__attended=True)
    base = visible.select_related("person", "scheme", "link_worker").annotate(
        sessions=Count("encounters", filter=attended),
        last_contact_on=Max("encounters__occurred_on", filter=attended),
    )
    mine = Q() if managed else Q(link_worker=user)
    waiting = Q(status__in=[Status.ACCEPTED.value, Status.WAITING.value]) & (
        Q() if managed else Q(link_worker=user) | Q(link_worker__isnull=True)
    )
    open_here = visible.filter(waiting | (mine & Q(status=Status.ACTIVE.value)))
    return CaseloadQueues(
        triage=base.filter(status=Status.RECEIVED.value).order_by("received_on", "pk"),
        waiting=base.filter(waiting).order_by("received_on", "pk"),
        active=base.filter(mine, status=Status.ACTIVE.value).order_by(
            "person__family_name", "person__given_name", "pk"
        ),
        # As `Referral.safety_flag_open`, in SQL, over the queues above.
        safety=visible.filter(
            Q(status=Status.RECEIVED.value) | waiting | (mine & Q(status=Status.ACTIVE.value))
        )
        .filter(safety_reviewed_at__isnull=True)
        .exclude(risk_flags=[], screening=[])
        .select_related("person")
        .order_by("received_on", "pk"),
        follow_up=Connection.objects.filter(referral__in=open_here.values("pk"))
        .filter(follow_up_due(today))
        .select_related("person", "referral")
        .order_by("status_changed_at", "pk"),
        managed=managed,
    )


def caseload_queues_for_lists(*, user: User, today: date) -> CaseloadQueues:
    """The queues for their full lists: only link workers and scheme managers have them."""
    if not scope_for(user).casework_schemes:
        raise PermissionDenied("Only link workers and scheme managers have a caseload.")
    return caseload_queues(user=user, today=today)


def with_days_waiting(referrals: Iterable[Referral], today: date) -> list[Referral]:
    rows = list(referrals)
    for referral in rows:
        referral.days_waiting = (today - referral.received_on).days  # type: ignore[attr-defined]
    return rows


def with_contacts(referrals: Iterable[Referral], today: date) -> list[Referral]:
    """The active caseload's rows with `next_appointment` (from the apps that book them, in a
    fixed number of queries) and `gone_quiet`: nothing booked and no contact for the scheme's
    number of days. Rows need `last_contact_on` (as `caseload_queues` annotates)."""
    rows = list(referrals)
    answers = [provider(rows) for provider in caseload_next_contacts.providers]
    for referral in rows:
        found = [a[referral.pk] for a in answers if referral.pk in a]
        contact = min(found, key=lambda c: (c.starts_at is None, c.starts_at), default=None)
        referral.next_appointment = contact.starts_at if contact else None  # type: ignore[attr-defined]
        referral.gone_quiet = bool(  # type: ignore[attr-defined]
            contact
            and contact.gone_quiet(
                last_contact_on=referral.last_contact_on,  # type: ignore[attr-defined]
                since=referral.received_on,
                today=today,
            )
        )
    return rows


@dataclass
class Caseload:
    """The home page's view of the queues: the first rows of each, with their totals, so the
    page's size and queries do not grow with the caseload."""

    triage: Preview[Referral]
    waiting: Preview[Referral]
    active: Preview[Referral]
    safety: Preview[Referral]
    follow_up: Preview[Connection]
    counts: dict[str, int] = field(default_factory=dict)
    sessions_today: int = 0
    waiting_assigned: int = 0  # of `waiting`, those with their link worker (or any, managed)
    managed: bool = False  # a scheme manager's: the whole scheme's, not one link worker's

    @property
    def lead(self) -> str:
        """The page's subtitle: how many people this is, and today's work, in a sentence."""
        return caseload_lead(
            active=self.active.total,
            waiting=self.waiting_assigned,
            triage=self.triage.total,
            sessions_today=self.sessions_today,
            managed=self.managed,
        )

    @property
    def people(self) -> list[Referral]:
        """The referrals the page names (for the audit of who saw whom)."""
        return [*self.safety, *self.triage, *self.waiting, *self.active]


def caseload_for(*, user: User, today: date) -> Caseload:
    """The first rows of the user's queues (see `caseload_queues`) with their totals, the
    caseload's counts by status, and today's sessions."""
    scope = scope_for(user)
    queues = caseload_queues(user=user, today=today)
    waiting = preview_of(queues.waiting)
    active = preview_of(queues.active)
    caseload = Caseload(
        managed=queues.managed,
        triage=preview_of(queues.triage),
        waiting=Preview(rows=with_days_waiting(waiting.rows, today), total=waiting.total),
        active=Preview(rows=with_contacts(active.rows, today), total=active.total),
        safety=preview_of(queues.safety),
        follow_up=preview_of(queues.follow_up),
    )
    caseload.waiting_assigned = (
        caseload.waiting.total
        if queues.managed
        else queues.waiting.filter(link_worker=user).count()
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
        referrals=open_referrals.order_by("person__family_name", "person__given_name", "pk"),
        link_workers=workers.distinct().order_by("last_name"),
    )
