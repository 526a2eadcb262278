"""Writes for the workforce: posts, the scheme's standard, supervision and peer support,
training, wellbeing checks, practice resources and scheme costs. Each service checks
everything before it writes, inside one transaction, and raises DomainError naming the field
at fault instead of writing anything partial.

Who may call them is decided by `permissions` before the call; the services check what the
data must satisfy whoever calls."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.services import audit_record
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.organisations.models import Organisation, Scheme
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
from linkwork.workforce.selectors import scheme_standard
from linkwork.workforce.vocab import (
    MAX_AMOUNT_GBP,
    MAX_CONTRACTED_HOURS,
    MAX_SESSION_MINUTES,
    MAX_WELLBEING_ITEMS,
    MIN_SESSION_MINUTES,
    WELLBEING_MAX,
    WELLBEING_MIN,
    CostCategory,
    FundPurpose,
    SessionKind,
    StaffGroup,
    ThematicRole,
)

Problems = dict[str, list[str]]


def _refuse(message: str, code: str, problems: Problems) -> None:
    if problems:
        raise DomainError(message, code=code, field_errors=problems)


def _add(problems: Problems, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def _not_future(problems: Problems, field: str, day: date, today: date | None) -> None:
    if day > (today or clock.today()):
        _add(problems, field, "This date is in the future.")


def _period(problems: Problems, start: date, end: date) -> None:
    if end < start:
        _add(problems, "period_end", "The period must end on or after the day it starts.")


def _amount(problems: Problems, amount: Decimal, *, allow_zero: bool = False) -> None:
    low_ok = amount >= 0 if allow_zero else amount > 0
    if not low_ok or amount > MAX_AMOUNT_GBP:
        floor = "0" if allow_zero else "0.01"
        _add(problems, "amount_gbp", f"Give an amount in pounds from {floor} to {MAX_AMOUNT_GBP}.")
    elif amount.as_tuple().exponent < -2:  # type: ignore[operator]
        _add(problems, "amount_gbp", "Give the amount in pounds and pence, like 35000.00.")


def _scheme_member(scheme: Scheme, user: User, role: Role) -> bool:
    return scheme.memberships.filter(user=user, role=role.value, ended_on__isnull=True).exists()


def _save(record: object) -> None:
    record.full_clean()  # type: ignore[attr-defined]
    record.save()  # type: ignore[attr-defined]


@transaction.atomic
def post_create(
    *,
    actor: User,
    scheme: Scheme,
    holder: User | None,
    line_manager: User | None,
    employer: Organisation,
    contracted_hours: Decimal,
    started_on: date,
    practices: Sequence[Organisation],
    thematic_role: str = ThematicRole.GENERIC.value,
    title: str = "Link worker",
) -> LinkWorkerPost:
    problems: Problems = {}
    if holder is not None and not _scheme_member(scheme, holder, Role.LINK_WORKER):
        _add(problems, "holder", "Choose a link worker of this scheme, or leave the post vacant.")
    if holder is not None and holder == line_manager:
        _add(problems, "line_manager", "A link worker cannot be their own line manager.")
    if not Decimal("1") <= contracted_hours <= MAX_CONTRACTED_HOURS:
        _add(problems, "contracted_hours", f"Give from 1 to {MAX_CONTRACTED_HOURS} hours a week.")
    if thematic_role not in ThematicRole:
        _add(problems, "thematic_role", "Choose a role.")
    serving = set(scheme.practices.values_list("pk", flat=True))
    if any(p.pk not in serving for p in practices):
        _add(problems, "practices", "Choose only practices this scheme serves.")
    if not title.strip():
        _add(problems, "title", "Give the post a title, such as Link worker.")
    _refuse("The post could not be added.", "post_invalid", problems)
    post = LinkWorkerPost(
        scheme=scheme,
        holder=holder,
        line_manager=line_manager,
        employer=employer,
        contracted_hours=contracted_hours,
        started_on=started_on,
        thematic_role=thematic_role,
        title=title.strip(),
    )
    _save(post)
    post.practices.set(practices)
    return post


@transaction.atomic
def post_end(*, actor: User, post: LinkWorkerPost, ended_on: date) -> LinkWorkerPost:
    problems: Problems = {}
    if post.ended_on is not None:
        _add(problems, "ended_on", "This post has already ended.")
    elif ended_on < post.started_on:
        _add(problems, "ended_on", "The post cannot end before it started.")
    _refuse("The post could not be ended.", "post_end_invalid", problems)
    post.ended_on = ended_on
    post.save(update_fields=["ended_on", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        object_type="link_worker_post",
        object_id=post.pk,
        scheme_id=post.scheme_id,
        detail={"ended": True, "changes": {"ended_on": [None, ended_on.isoformat()]}},
    )
    return post


@transaction.atomic
def standard_set(
    *,
    actor: User,
    scheme: Scheme,
    supervision_interval_days: int,
    required_courses: Sequence[str],
    wellbeing_items: Sequence[str],
) -> WorkforceStandard:
    problems: Problems = {}
    if not 7 <= supervision_interval_days <= 180:
        _add(problems, "supervision_interval_days", "Give from 7 to 180 days.")
    courses = [c.strip() for c in required_courses if c.strip()]
    items = [i.strip() for i in wellbeing_items if i.strip()]
    if not 1 <= len(items) <= MAX_WELLBEING_ITEMS:
        _add(
            problems,
            "wellbeing_items",
            f"Give from 1 to {MAX_WELLBEING_ITEMS} questions, one a line.",
        )
    _refuse("The standard could not be saved.", "standard_invalid", problems)
    standard, _ = WorkforceStandard.objects.update_or_create(
        scheme=scheme,
        defaults={
            "supervision_interval_days": supervision_interval_days,
            "required_courses": courses,
            "wellbeing_items": items,
        },
    )
    return standard


@transaction.atomic
def session_record(
    *,
    actor: User,
    post: LinkWorkerPost,
    kind: str,
    held_on: date,
    duration_minutes: int,
    content: str = "",
    today: date | None = None,
) -> SupportSession:
    """The line manager records supervision (as the supervisor); the post holder or the line
    manager records peer support."""
    problems: Problems = {}
    if kind not in SessionKind:
        _add(problems, "kind", "Choose supervision or peer support.")
    elif kind == SessionKind.SUPERVISION and actor.pk != post.line_manager_id:
        _add(problems, "kind", "Only the link worker's line manager records supervision.")
    if actor.pk not in {post.holder_id, post.line_manager_id}:
        _add(problems, "kind", "Only the link worker and their line manager record sessions.")
    if not MIN_SESSION_MINUTES <= duration_minutes <= MAX_SESSION_MINUTES:
        _add(
            problems,
            "duration_minutes",
            f"Give from {MIN_SESSION_MINUTES} to {MAX_SESSION_MINUTES} minutes.",
        )
    _not_future(problems, "held_on", held_on, today)
    if held_on < post.started_on:
        _add(problems, "held_on", "This date is before the post started.")
    _refuse("The session could not be recorded.", "session_invalid", problems)
    session = SupportSession(
        scheme_id=post.scheme_id,
        post=post,
        kind=kind,
        held_on=held_on,
        supervisor=actor if kind == SessionKind.SUPERVISION else None,
        duration_minutes=duration_minutes,
        content=content.strip(),
        recorded_by=actor,
    )
    _save(session)
    return session


@transaction.atomic
def training_record(
    *,
    actor: User,
    post: LinkWorkerPost,
    course: str,
    completed_on: date,
    provider: str,
    today: date | None = None,
) -> TrainingRecord:
    problems: Problems = {}
    if not course.strip():
        _add(problems, "course", "Give the name of the course.")
    if not provider.strip():
        _add(problems, "provider", "Give who ran the course.")
    _not_future(problems, "completed_on", completed_on, today)
    _refuse("The training could not be recorded.", "training_invalid", problems)
    record = TrainingRecord(
        scheme_id=post.scheme_id,
        post=post,
        course=course.strip(),
        completed_on=completed_on,
        provider=provider.strip(),
        recorded_by=actor,
    )
    _save(record)
    return record


@transaction.atomic
def wellbeing_record(
    *, actor: User, post: LinkWorkerPost, answers: Sequence[int], today: date | None = None
) -> WellbeingCheck:
    """Only the post holder answers their own check."""
    problems: Problems = {}
    items = list(scheme_standard(post.scheme).wellbeing_items)
    if actor.pk != post.holder_id:
        _add(problems, "answers", "Only the link worker answers their own wellbeing check.")
    if len(answers) != len(items):
        _add(problems, "answers", f"Answer all {len(items)} questions.")
    elif any(not WELLBEING_MIN <= a <= WELLBEING_MAX for a in answers):
        _add(problems, "answers", f"Answer each question from {WELLBEING_MIN} to {WELLBEING_MAX}.")
    _refuse("The check could not be saved.", "wellbeing_invalid", problems)
    mean = (Decimal(sum(answers)) / len(answers)).quantize(Decimal("0.01"))
    check = WellbeingCheck(
        scheme_id=post.scheme_id,
        post=post,
        checked_on=today or clock.today(),
        items=items,
        answers=list(answers),
        mean=mean,
    )
    _save(check)
    return check


def _serving(problems: Problems, scheme: Scheme, practice: Organisation) -> None:
    if not scheme.practices.filter(pk=practice.pk).exists():
        _add(problems, "scheme", "Choose a scheme that serves this practice.")


@transaction.atomic
def fund_record(
    *,
    actor: User,
    scheme: Scheme,
    practice: Organisation,
    amount_gbp: Decimal,
    period_start: date,
    period_end: date,
    purpose: str,
    note: str = "",
) -> PracticeFund:
    problems: Problems = {}
    _serving(problems, scheme, practice)
    _amount(problems, amount_gbp)
    _period(problems, period_start, period_end)
    if purpose not in FundPurpose:
        _add(problems, "purpose", "Choose what the money is for.")
    _refuse("The fund could not be recorded.", "fund_invalid", problems)
    fund = PracticeFund(
        scheme=scheme,
        practice=practice,
        amount_gbp=amount_gbp,
        period_start=period_start,
        period_end=period_end,
        purpose=purpose,
        note=note.strip(),
        recorded_by=actor,
    )
    _save(fund)
    return fund


@transaction.atomic
def protected_time_record(
    *,
    actor: User,
    scheme: Scheme,
    practice: Organisation,
    staff_name: str,
    staff_group: str,
    period_start: date,
    period_end: date,
    hours_per_week: Decimal,
    extra_consultation_minutes: int = 0,
    how_used: str = "",
) -> ProtectedTime:
    problems: Problems = {}
    _serving(problems, scheme, practice)
    if not staff_name.strip():
        _add(problems, "staff_name", "Give the name of the member of staff.")
    if staff_group not in StaffGroup:
        _add(problems, "staff_group", "Choose their staff group.")
    if not Decimal("0.5") <= hours_per_week <= Decimal("40"):
        _add(problems, "hours_per_week", "Give from 0.5 to 40 hours a week.")
    if extra_consultation_minutes < 0:
        _add(problems, "extra_consultation_minutes", "Give 0 or more minutes.")
    _period(problems, period_start, period_end)
    _refuse("The protected time could not be recorded.", "protected_time_invalid", problems)
    record = ProtectedTime(
        scheme=scheme,
        practice=practice,
        staff_name=staff_name.strip(),
        staff_group=staff_group,
        period_start=period_start,
        period_end=period_end,
        hours_per_week=hours_per_week,
        extra_consultation_minutes=extra_consultation_minutes,
        how_used=how_used.strip(),
        recorded_by=actor,
    )
    _save(record)
    return record


@transaction.atomic
def cost_record(
    *,
    actor: User,
    scheme: Scheme,
    period_start: date,
    period_end: date,
    category: str,
    amount_gbp: Decimal,
    note: str = "",
) -> SchemeCost:
    problems: Problems = {}
    if category not in CostCategory:
        _add(problems, "category", "Choose a category of cost.")
    _amount(problems, amount_gbp, allow_zero=True)
    _period(problems, period_start, period_end)
    if SchemeCost.objects.filter(
        scheme=scheme, period_start=period_start, period_end=period_end, category=category
    ).exists():
        _add(
            problems,
            "category",
            "This category is already recorded for this period: each cost is entered once.",
        )
    _refuse("The cost could not be recorded.", "cost_invalid", problems)
    cost = SchemeCost(
        scheme=scheme,
        period_start=period_start,
        period_end=period_end,
        category=category,
        amount_gbp=amount_gbp,
        note=note.strip(),
        recorded_by=actor,
    )
    _save(cost)
    return cost


@transaction.atomic
def post_record_remove(
    *, actor: User, record: SupportSession | TrainingRecord | WellbeingCheck
) -> None:
    """A record is corrected by removing it and recording it again. Whoever recorded it may
    remove it, and so may the link worker's line manager; a wellbeing check only its link
    worker."""
    post = record.post
    if isinstance(record, WellbeingCheck):
        allowed = actor.pk == post.holder_id
    else:
        allowed = actor.pk in {record.recorded_by_id, post.line_manager_id}
    if not allowed:
        raise DomainError(
            "Only whoever recorded this, or the link worker's line manager, can remove it.",
            code="not_yours",
        )
    record.delete()
