"""Reads for the workforce pages. The private records of a post (supervision, training,
wellbeing) are read only through `post_records`, which the views call after `permissions`
has let the holder or the line manager in; everyone else gets aggregates (`indicator_table`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import organisation_ids_for, scheme_ids_for, user_roles
from linkwork.core import clock
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import Referral
from linkwork.organisations.delivery_models import MODEL_NAMES
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Scheme
from linkwork.organisations.selectors import scheme_delivery_model
from linkwork.stats.suppression import DEFAULT_THRESHOLD
from linkwork.workforce.indicators import (
    Disclosed,
    Indicators,
    PostFacts,
    Standard,
    combine,
    disclose,
    display,
)
from linkwork.workforce.models import (
    LinkWorkerPost,
    PracticeFund,
    ProtectedTime,
    SchemeCost,
    SupportSession,
    TrainingRecord,
    WellbeingCheck,
    WorkforceStandard,
)
from linkwork.workforce.vocab import DEFAULT_WELLBEING_ITEMS, SessionKind

OPEN_STATUSES = (Status.ACCEPTED.value, Status.WAITING.value, Status.ACTIVE.value)


def scheme_standard(scheme: Scheme) -> WorkforceStandard:
    """The scheme's standard, or the default one (unsaved) until a manager sets it."""
    found = WorkforceStandard.objects.filter(scheme=scheme).first()
    return found or WorkforceStandard(scheme=scheme, wellbeing_items=list(DEFAULT_WELLBEING_ITEMS))


def scheme_posts(*, scheme: Scheme) -> QuerySet[LinkWorkerPost]:
    return (
        LinkWorkerPost.objects.filter(scheme=scheme)
        .select_related("holder", "line_manager", "employer")
        .prefetch_related("practices")
        .order_by("ended_on", "started_on", "created_at")
    )


def posts_for_user(*, user: User) -> QuerySet[LinkWorkerPost]:
    """Posts the user holds or line-manages."""
    return (
        LinkWorkerPost.objects.filter(Q(holder=user) | Q(line_manager=user))
        .select_related("scheme", "holder", "line_manager")
        .order_by("ended_on", "scheme__name", "started_on")
    )


def scheme_link_workers(*, scheme: Scheme) -> QuerySet[User]:
    return User.objects.filter(
        memberships__scheme=scheme,
        memberships__role=Role.LINK_WORKER.value,
        memberships__ended_on__isnull=True,
    ).distinct()


def line_manager_candidates(*, scheme: Scheme) -> QuerySet[User]:
    """Staff of the scheme or of its employer: whoever may line-manage its link workers."""
    return (
        User.objects.filter(
            Q(memberships__scheme=scheme) | Q(memberships__organisation=scheme.employer_id),
            memberships__ended_on__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def employer_candidates(*, scheme: Scheme) -> QuerySet[Organisation]:
    ids = {
        scheme.employer_id,
        scheme.commissioner_id,
        *scheme.managers.values_list("pk", flat=True),
    }
    return Organisation.objects.filter(pk__in=ids).order_by("name")


@dataclass
class PostRecords:
    sessions: list[SupportSession]
    training: list[TrainingRecord]
    wellbeing: list[WellbeingCheck]


def post_records(*, post: LinkWorkerPost) -> PostRecords:
    return PostRecords(
        sessions=list(post.sessions.select_related("supervisor", "recorded_by")),
        training=list(post.training.all()),
        wellbeing=list(post.wellbeing.all()),
    )


@dataclass
class PracticeResources:
    funds: list[PracticeFund]
    protected_time: list[ProtectedTime]
    total_gbp: Decimal
    extra_minutes: int


def practice_resources(*, practice: Organisation) -> PracticeResources:
    funds = list(PracticeFund.objects.filter(practice=practice).select_related("scheme"))
    time = list(ProtectedTime.objects.filter(practice=practice).select_related("scheme"))
    return PracticeResources(
        funds=funds,
        protected_time=time,
        total_gbp=sum((f.amount_gbp for f in funds), Decimal(0)),
        extra_minutes=sum(t.extra_consultation_minutes for t in time),
    )


def managed_practices(*, user: User) -> QuerySet[Organisation]:
    """Practices whose resources the user records: as their practice manager, or as a manager
    of a scheme serving them."""
    managed = scheme_ids_for(user=user, roles=frozenset({Role.SCHEME_MANAGER}))
    mine = organisation_ids_for(user=user, roles=frozenset({Role.PRACTICE_MANAGER}))
    return (
        Organisation.objects.filter(kind=OrgKind.GP_PRACTICE.value)
        .filter(Q(pk__in=mine) | Q(schemes_serving__in=managed))
        .distinct()
        .order_by("name")
    )


def schemes_serving(*, practice: Organisation) -> QuerySet[Scheme]:
    return Scheme.objects.filter(practices=practice).order_by("name")


@dataclass
class CostPeriod:
    period_start: date
    period_end: date
    rows: list[SchemeCost] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((row.amount_gbp for row in self.rows), Decimal(0))


def scheme_costs(*, scheme: Scheme) -> list[CostPeriod]:
    periods: dict[tuple[date, date], CostPeriod] = {}
    for row in SchemeCost.objects.filter(scheme=scheme).order_by("-period_start", "category"):
        key = (row.period_start, row.period_end)
        periods.setdefault(key, CostPeriod(*key)).rows.append(row)
    return list(periods.values())


def scheme_cost_totals(*, schemes: Iterable[Scheme], start: date, end: date) -> dict[str, Decimal]:
    """Each scheme's costs in periods lying within [start, end], by scheme id (as text)."""
    rows = (
        SchemeCost.objects.filter(
            scheme__in=list(schemes), period_start__gte=start, period_end__lte=end
        )
        .values("scheme_id")
        .annotate(total=Sum("amount_gbp"))
    )
    return {str(row["scheme_id"]): row["total"] or Decimal(0) for row in rows}


# Indicators ---------------------------------------------------------------------------------


def default_period(today: date | None = None) -> tuple[date, date]:
    """The twelve months to today."""
    end = today or clock.today()
    return end - timedelta(days=364), end


def _standard(record: WorkforceStandard) -> Standard:
    return Standard(
        supervision_interval_days=record.supervision_interval_days,
        required_courses=frozenset(record.required_courses),
    )


def scheme_post_facts(*, scheme: Scheme, start: date, end: date) -> list[PostFacts]:
    standard = _standard(scheme_standard(scheme))
    posts = list(
        LinkWorkerPost.objects.filter(scheme=scheme, started_on__lte=end).exclude(
            ended_on__lt=start
        )
    )
    ids = [p.pk for p in posts]
    sessions: dict[object, list[date]] = defaultdict(list)
    for post_id, held_on in SupportSession.objects.filter(
        post_id__in=ids, kind=SessionKind.SUPERVISION.value, held_on__range=(start, end)
    ).values_list("post_id", "held_on"):
        sessions[post_id].append(held_on)
    courses: dict[object, set[str]] = defaultdict(set)
    for post_id, course in TrainingRecord.objects.filter(
        post_id__in=ids, completed_on__lte=end
    ).values_list("post_id", "course"):
        courses[post_id].add(course)
    wellbeing: dict[object, float] = {}
    for post_id, mean in (
        WellbeingCheck.objects.filter(post_id__in=ids, checked_on__range=(start, end))
        .order_by("checked_on", "created_at")
        .values_list("post_id", "mean")
    ):
        wellbeing[post_id] = float(mean)  # the latest check in the period wins
    holders = {p.holder_id for p in posts if p.holder_id}
    caseload = dict(
        Referral.objects.filter(scheme=scheme, link_worker_id__in=holders, status__in=OPEN_STATUSES)
        .values_list("link_worker_id")
        .annotate(n=Count("pk"))
        .values_list("link_worker_id", "n")
    )
    return [
        PostFacts(
            wte=p.wte,
            started_on=p.started_on,
            ended_on=p.ended_on,
            filled=p.holder_id is not None,
            standard=standard,
            supervision_dates=tuple(sessions[p.pk]),
            courses_done=frozenset(courses[p.pk]),
            caseload=caseload.get(p.holder_id, 0) if p.holder_id else 0,
            wellbeing=wellbeing.get(p.pk),
        )
        for p in posts
    ]


def indicator_schemes(*, user: User) -> QuerySet[Scheme]:
    """Schemes whose indicators the user may see: those they manage, and those commissioned by
    their organisation or one below it (two levels: an ICB above its PCNs)."""
    if Role.SYSTEM_ADMIN in user_roles(user=user):
        return Scheme.objects.order_by("name")
    orgs = organisation_ids_for(user=user, roles=frozenset({Role.COMMISSIONER}))
    managed = scheme_ids_for(user=user, roles=frozenset({Role.SCHEME_MANAGER}))
    return (
        Scheme.objects.filter(
            Q(pk__in=managed)
            | Q(commissioner_id__in=orgs)
            | Q(commissioner__parent_id__in=orgs)
            | Q(commissioner__parent__parent_id__in=orgs)
        )
        .distinct()
        .order_by("name")
    )


@dataclass
class IndicatorRow:
    key: str
    label: str
    figures: Indicators
    is_total: bool = False
    shown: dict[str, str] = field(default_factory=dict)


@dataclass
class IndicatorTable:
    start: date
    end: date
    rows: list[IndicatorRow]
    disclosed: Disclosed
    threshold: int


def indicator_table(
    *, schemes: Iterable[Scheme], start: date, end: date, threshold: int = DEFAULT_THRESHOLD
) -> IndicatorTable:
    """One row per scheme and one per delivery model (all the schemes shown of that model),
    with small counts of link workers hidden across the whole table."""
    facts: dict[str, list[PostFacts]] = {}
    by_model: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    for scheme in schemes:
        key = str(scheme.pk)
        facts[key] = scheme_post_facts(scheme=scheme, start=start, end=end)
        labels[key] = scheme.name
        model = scheme_delivery_model(scheme).effective
        by_model[f"model-{model or 0}"].append(key)
    rows = [IndicatorRow(k, labels[k], combine(facts[k], start, end)) for k in facts]
    for model_key, members in sorted(by_model.items()):
        number = int(model_key.split("-")[1])
        label = f"Model {number}: {MODEL_NAMES[number]}" if number else "Not classified"
        merged = [post for k in members for post in facts[k]]
        rows.append(IndicatorRow(model_key, label, combine(merged, start, end), is_total=True))
    groups = {row.key: row.figures for row in rows}
    disclosed = disclose(groups, by_model, threshold=threshold)
    for row in rows:
        row.shown = display(row.figures, disclosed.hidden.get(row.key, set()))
    return IndicatorTable(start=start, end=end, rows=rows, disclosed=disclosed, threshold=threshold)


def scheme_cost_rows(*, scheme_ids: Iterable[object]) -> list[dict[str, object]]:
    """The common dataset's scheme_costs rows: amounts in whole pence."""
    return [
        {
            "scheme_id": str(row.scheme_id),
            "period_start": row.period_start,
            "period_end": row.period_end,
            "category": row.category,
            "amount_pence": int(row.amount_gbp * 100),
        }
        for row in SchemeCost.objects.filter(scheme_id__in=list(scheme_ids)).order_by(
            "scheme_id", "period_start", "category"
        )
    ]
