"""The caseload: the episodes a link worker supports (a scheme manager: every episode of the
schemes they manage), filtered, sorted and annotated in SQL with each row's last contact, next
appointment and missed contacts in a row, so a page runs the same queries whatever the
caseload's size. Identifiable: the views that show these rows audit them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.diary.models import Appointment, DiarySettings
from linkwork.diary.vocab import DEFAULT_MISSED_CONTACTS, DEFAULT_QUIET_DAYS, AppointmentStatus
from linkwork.episodes.lifecycle import OPEN_STATUSES, TRANSITIONS, Status
from linkwork.episodes.models import Encounter, Referral
from linkwork.episodes.selectors.caseload import link_workers_of
from linkwork.organisations.models import Organisation, Scheme
from linkwork.outcomes.selectors import DueItem, due_for_referrals
from linkwork.people.permissions import unrestricted_or_managed

NO_CASELOAD = "Only link workers and scheme managers have a caseload."

# Open statuses in lifecycle order: the list's default, and how the counts are laid out.
OPEN_ORDER = (Status.RECEIVED, Status.ACCEPTED, Status.WAITING, Status.ACTIVE)
# Episodes the lifecycle lets close as did not engage.
CAN_CLOSE_DID_NOT_ENGAGE = frozenset(s for s in Status if Status.DID_NOT_ENGAGE in TRANSITIONS[s])
# Episodes that have someone to be in contact with: accepted onto the caseload, not closed.
IN_CONTACT = (Status.WAITING.value, Status.ACTIVE.value)
# Before 1 January 1900 nothing was recorded: stands for "no attended session yet".
_NEVER = date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class Sort:
    label: str
    order: tuple[OrderBy, ...]


SORTS: dict[str, Sort] = {
    "name": Sort("Name, A to Z", (F("person__family_name").asc(), F("person__given_name").asc())),
    "waiting": Sort("Longest since referral first", (F("received_on").asc(),)),
    "recent": Sort("Most recently referred first", (F("received_on").desc(),)),
    "last_contact": Sort(
        "Longest since last contact first", (F("last_contact_on").asc(nulls_first=True),)
    ),
    "next_appointment": Sort(
        "Next appointment, soonest first", (F("next_appointment_at").asc(nulls_last=True),)
    ),
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class CaseloadFilters:
    """What the list is narrowed to. Empty means no narrowing, except `statuses`, whose empty
    default is the open episodes."""

    statuses: tuple[str, ...] = ()
    risk: str = ""  # "any", "at_risk", "flags", "none"
    waiting_days: int | None = None  # no first session yet, referred at least this long ago
    last_contact: str = ""  # "never", "quiet", or a number of days without contact
    next_appointment: str = ""  # "booked", "none", or a number of days ahead
    link_worker: str = ""  # a user id, or "none" for nobody yet
    practice: uuid.UUID | None = None
    reason: str = ""  # a need code
    flag: str = ""  # "did_not_engage": meets the scheme's rule for closing as did not engage
    sort: str = DEFAULT_SORT
    search: str = ""  # a name or NHS/CHI number; never from the address (see views)


@dataclass(frozen=True, slots=True)
class SchemeRules:
    """A scheme's diary rules: missed contacts in a row before closing as did not engage is
    offered, and days without contact (and nothing booked) before a person is flagged."""

    missed_contacts: int = DEFAULT_MISSED_CONTACTS
    quiet_days: int = DEFAULT_QUIET_DAYS


@dataclass(frozen=True)
class CaseloadScope:
    """Whose caseload: the schemes the user manages (every episode) and those where they are a
    link worker (their own episodes), with each scheme's diary rules."""

    user: User
    managed: frozenset[uuid.UUID]
    own: frozenset[uuid.UUID]
    rules: dict[uuid.UUID, SchemeRules] = field(default_factory=dict)

    @property
    def schemes(self) -> frozenset[uuid.UUID]:
        return self.managed | self.own

    @property
    def is_manager(self) -> bool:
        return bool(self.managed)

    def rules_for(self, scheme_id: uuid.UUID) -> SchemeRules:
        return self.rules.get(scheme_id, SchemeRules())


def has_caseload(user: User) -> bool:
    scope = scope_for(user)
    return bool(scope.link_worker_schemes or scope.managed_schemes)


def caseload_scope(*, user: User) -> CaseloadScope:
    """The user's caseload scope; PermissionDenied for a role without a caseload."""
    scope = scope_for(user)
    managed, own = scope.managed_schemes, scope.link_worker_schemes - scope.managed_schemes
    if not (managed or own):
        raise PermissionDenied(NO_CASELOAD)
    rules = {
        row.scheme_id: SchemeRules(row.missed_contacts, row.quiet_days)
        for row in DiarySettings.objects.filter(scheme_id__in=managed | own)
    }
    return CaseloadScope(user=user, managed=managed, own=own, rules=rules)


def caseload_episodes(scope: CaseloadScope) -> QuerySet[Referral]:
    """Every episode in the caseload, any status, unannotated."""
    return Referral.objects.filter(
        Q(scheme_id__in=scope.managed) | Q(scheme_id__in=scope.own, link_worker=scope.user)
    ).filter(unrestricted_or_managed(user=scope.user))


def annotated(episodes: QuerySet[Referral], *, now: datetime) -> QuerySet[Referral]:
    """Each episode with `last_contact_on` (the last attended session), `next_appointment_at`
    (the next booked appointment from now) and `missed_in_a_row` (sessions missed since the
    last attended one), each a subquery, so filtering and sorting on them stays in SQL."""
    last_contact = (
        Encounter.objects.filter(referral=OuterRef("pk"), attended=True)
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )
    next_appointment = (
        Appointment.objects.filter(
            referral=OuterRef("pk"), status=AppointmentStatus.BOOKED.value, starts_at__gte=now
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    missed = (
        Encounter.objects.filter(
            referral=OuterRef("pk"),
            attended=False,
            occurred_on__gt=Coalesce(OuterRef("last_contact_on"), Value(_NEVER)),
        )
        .order_by()
        .values("referral")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return episodes.annotate(
        last_contact_on=Subquery(last_contact),
        next_appointment_at=Subquery(next_appointment),
    ).annotate(missed_in_a_row=Coalesce(Subquery(missed, output_field=IntegerField()), 0))


def gone_quiet_q(scope: CaseloadScope, *, today: date) -> Q:
    """Nothing booked and no contact (or, with none yet, no contact since the referral) for the
    scheme's number of days: as `NextContact.gone_quiet`, in SQL. Needs `annotated`."""
    by_scheme = Q(pk__in=[])
    for scheme_id in scope.schemes:
        since = today - timedelta(days=scope.rules_for(scheme_id).quiet_days)
        by_scheme |= Q(scheme_id=scheme_id) & (
            Q(last_contact_on__lte=since) | Q(last_contact_on__isnull=True, received_on__lte=since)
        )
    return Q(status__in=IN_CONTACT, next_appointment_at__isnull=True) & by_scheme


def did_not_engage_q(scope: CaseloadScope) -> Q:
    """Episodes the lifecycle lets close as did not engage with at least the scheme's number of
    missed contacts in a row. Needs `annotated`."""
    by_scheme = Q(pk__in=[])
    for scheme_id in scope.schemes:
        by_scheme |= Q(
            scheme_id=scheme_id, missed_in_a_row__gte=scope.rules_for(scheme_id).missed_contacts
        )
    return Q(status__in=[s.value for s in CAN_CLOSE_DID_NOT_ENGAGE]) & by_scheme


def search_q(text: str) -> Q:
    """A name (every word must be in the given or family name) or an NHS or CHI number."""
    digits = text.replace(" ", "")
    if digits.isdigit():
        return Q(person__nhs_number=digits) | Q(person__chi_number=digits)
    words = Q()
    for word in text.split():
        words &= Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word)
    return words


def _filter_q(scope: CaseloadScope, filters: CaseloadFilters, *, today: date) -> Q:
    q = Q(status__in=list(filters.statuses or [s.value for s in OPEN_STATUSES]))
    has_flags = ~Q(risk_flags=[])
    risk = {
        "at_risk": Q(at_risk=True),
        "flags": has_flags,
        "any": Q(at_risk=True) | has_flags,
        "none": Q(at_risk=False) & ~has_flags,
    }
    q &= risk.get(filters.risk, Q())
    if filters.waiting_days is not None:
        q &= Q(
            first_contact_on__isnull=True,
            received_on__lte=today - timedelta(days=filters.waiting_days),
        )
    if filters.last_contact == "never":
        q &= Q(last_contact_on__isnull=True)
    elif filters.last_contact == "quiet":
        q &= gone_quiet_q(scope, today=today)
    elif filters.last_contact.isdigit():
        since = today - timedelta(days=int(filters.last_contact))
        q &= Q(last_contact_on__lte=since) | Q(last_contact_on__isnull=True)
    if filters.next_appointment == "booked":
        q &= Q(next_appointment_at__isnull=False)
    elif filters.next_appointment == "none":
        q &= Q(next_appointment_at__isnull=True)
    elif filters.next_appointment.isdigit():
        q &= Q(next_appointment_at__date__lt=today + timedelta(days=int(filters.next_appointment)))
    if filters.link_worker == "none":
        q &= Q(link_worker__isnull=True)
    elif filters.link_worker:
        q &= Q(link_worker_id=filters.link_worker)
    if filters.practice is not None:
        q &= Q(practice_id=filters.practice)
    if filters.reason:
        q &= Q(reasons_text__contains=f'"{filters.reason}"')
    if filters.flag == "did_not_engage":
        q &= did_not_engage_q(scope)
    if filters.search:
        q &= search_q(filters.search)
    return q


def caseload_rows(
    scope: CaseloadScope, filters: CaseloadFilters, *, today: date, now: datetime
) -> QuerySet[Referral]:
    """The caseload narrowed by `filters`, sorted, with its people, link workers and practices:
    one query for any page of it (and one count)."""
    sort = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    return (
        annotated(caseload_episodes(scope), now=now)
        .annotate(reasons_text=Cast("reasons", CharField()))
        .filter(_filter_q(scope, filters, today=today))
        .select_related("person", "link_worker", "practice", "scheme")
        .order_by(*sort.order, "pk")
    )


@dataclass(frozen=True)
class CaseloadCounts:
    """The caseload in numbers, for the top of the page: open episodes by status, and those
    flagged (at risk, gone quiet, ready to close as did not engage, nobody assigned)."""

    by_status: dict[Status, int]
    at_risk: int
    gone_quiet: int
    did_not_engage: int
    unassigned: int

    @property
    def open(self) -> int:
        return sum(self.by_status.values())


def caseload_counts(scope: CaseloadScope, *, today: date, now: datetime) -> CaseloadCounts:
    """One query, whatever the caseload's size."""
    open_q = Q(status__in=[s.value for s in OPEN_STATUSES])
    totals = annotated(caseload_episodes(scope), now=now).aggregate(
        **{f"s_{s.value}": Count("pk", filter=Q(status=s.value)) for s in OPEN_ORDER},
        at_risk=Count("pk", filter=open_q & Q(at_risk=True)),
        gone_quiet=Count("pk", filter=gone_quiet_q(scope, today=today)),
        did_not_engage=Count("pk", filter=did_not_engage_q(scope)),
        unassigned=Count("pk", filter=open_q & Q(link_worker__isnull=True)),
    )
    return CaseloadCounts(
        by_status={s: totals[f"s_{s.value}"] for s in OPEN_ORDER},
        at_risk=totals["at_risk"],
        gone_quiet=totals["gone_quiet"],
        did_not_engage=totals["did_not_engage"],
        unassigned=totals["unassigned"],
    )


def waiting_days(referral: Referral, today: date) -> int:
    """Days from referral to the first session, or to today while there has been none."""
    return ((referral.first_contact_on or today) - referral.received_on).days


@dataclass(frozen=True)
class FilterChoices:
    """What the filter form offers: the link workers (for managers) and practices of the
    user's schemes."""

    link_workers: list[User]
    practices: list[Organisation]


def filter_choices(scope: CaseloadScope) -> FilterChoices:
    workers: list[User] = []
    if scope.managed:
        workers = list(
            User.objects.filter(
                memberships__scheme_id__in=scope.managed,
                memberships__role="link_worker",
                memberships__ended_on__isnull=True,
            )
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )
    practices = list(
        Organisation.objects.filter(schemes_serving__in=scope.schemes)
        .distinct()
        .order_by("name", "pk")
    )
    return FilterChoices(link_workers=workers, practices=practices)


def episodes_chosen(
    scope: CaseloadScope, ids: list[uuid.UUID], *, now: datetime
) -> tuple[list[Referral], int]:
    """The chosen episodes that are in the user's caseload (annotated, by name), and how many
    of the ids are not (another scheme's, another worker's, or no episode at all)."""
    found = list(
        annotated(caseload_episodes(scope), now=now)
        .filter(pk__in=ids)
        .select_related("person", "link_worker", "scheme", "scheme__policy")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    return found, len(set(ids)) - len(found)


def link_workers_to_take_over(scope: CaseloadScope, episodes: list[Referral]) -> list[User]:
    """Who the chosen episodes could go to: link workers of their scheme (one scheme at a time,
    so a handover never crosses schemes)."""
    schemes = {r.scheme_id for r in episodes}
    if len(schemes) != 1:
        return []
    scheme = Scheme.objects.get(pk=next(iter(schemes)))
    return list(link_workers_of(scheme).order_by("last_name", "first_name", "pk"))


def with_flags(scope: CaseloadScope, rows: list[Referral], *, today: date) -> list[Referral]:
    """The page's rows with `days_waiting`, `gone_quiet` and `ready_to_close` (meets the
    scheme's rule for closing as did not engage), from the annotations: no further queries."""
    for row in rows:
        rules = scope.rules_for(row.scheme_id)
        last = row.last_contact_on  # type: ignore[attr-defined]
        row.days_waiting = waiting_days(row, today)  # type: ignore[attr-defined]
        row.gone_quiet = (  # type: ignore[attr-defined]
            row.status in IN_CONTACT
            and row.next_appointment_at is None  # type: ignore[attr-defined]
            and (today - (last or row.received_on)).days >= rules.quiet_days
        )
        row.ready_to_close = (  # type: ignore[attr-defined]
            Status(row.status) in CAN_CLOSE_DID_NOT_ENGAGE
            and row.missed_in_a_row >= rules.missed_contacts  # type: ignore[attr-defined]
        )
    return rows


def close_problem(scope: CaseloadScope, referral: Referral) -> str:
    """Why an `annotated` episode may not be closed as did not engage, for the review page
    (empty when it may); the closing service checks the rule again on the full history."""
    status = Status(referral.status)
    if status not in CAN_CLOSE_DID_NOT_ENGAGE:
        return f"The episode is {status.label.lower()}: it cannot be closed as did not engage."
    needed = scope.rules_for(referral.scheme_id).missed_contacts
    missed: int = referral.missed_in_a_row  # type: ignore[attr-defined]
    if missed < needed:
        return (
            f"Missed {missed} in a row: {referral.scheme.name} closes as did not engage after "
            f"{needed}."
        )
    return ""


def questionnaires_due(episodes: list[Referral], *, today: date) -> dict[uuid.UUID, list[DueItem]]:
    """The questionnaires due (or overdue) in each episode, in a fixed number of queries; an
    episode with nothing due is absent. A discharged episode's are not reminded of from the
    caseload."""
    due: dict[uuid.UUID, list[DueItem]] = {}
    for item in due_for_referrals(referrals=episodes, today=today):
        if item.discharged_on is None:
            due.setdefault(item.referral_id, []).append(item)
    return due
