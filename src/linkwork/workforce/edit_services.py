"""Changing and ending what was recorded: a link worker post, a practice fund, protected
time. Each change is checked as a new record would be, written in one transaction, and
audited with every field's value before and after, so the audit trail keeps the history a
record no longer shows. Who may call them is decided by `permissions` first.

A post's holder is changed only to fill a vacancy: when a link worker leaves, their post ends
and the next holder takes a new post, which is how turnover is counted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Model

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.services import audit_record
from linkwork.organisations.models import Organisation
from linkwork.workforce.models import LinkWorkerPost, PracticeFund, ProtectedTime
from linkwork.workforce.services import (
    Problems,
    _add,
    _amount,
    _period,
    _refuse,
    _save,
    _scheme_member,
)
from linkwork.workforce.vocab import MAX_CONTRACTED_HOURS, FundPurpose, StaffGroup, ThematicRole


def _shown(value: object) -> object:
    if isinstance(value, Model):
        return str(value.pk)
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)


def _apply(record: Model, values: Mapping[str, object]) -> dict[str, list[object]]:
    """Set the values on the record; answer {field: [before, after]} for those that change."""
    changes: dict[str, list[object]] = {}
    for name, value in values.items():
        before = getattr(record, name)
        if before != value:
            changes[name] = [_shown(before), _shown(value)]
            setattr(record, name, value)
    return changes


def _audit(actor: User, kind: str, record: Model, detail: Mapping[str, object]) -> None:
    audit_record(
        actor=actor,
        action="update",
        object_type=kind,
        object_id=record.pk,
        scheme_id=record.scheme_id,  # type: ignore[attr-defined]
        detail=detail,
    )


@transaction.atomic
def post_update(
    *,
    actor: User,
    post: LinkWorkerPost,
    title: str,
    holder: User | None,
    line_manager: User | None,
    employer: Organisation,
    contracted_hours: Decimal,
    started_on: date,
    practices: Sequence[Organisation],
    thematic_role: str,
) -> LinkWorkerPost:
    problems: Problems = {}
    scheme = post.scheme
    if post.ended_on is not None:
        _add(problems, "title", "This post has ended: add a new post instead of changing it.")
    if holder != post.holder and post.holder_id is not None:
        _add(
            problems,
            "holder",
            "A new link worker takes a new post: end this post on their last day and add one.",
        )
    elif (
        holder is not None
        and holder != post.holder
        and not _scheme_member(scheme, holder, Role.LINK_WORKER)
    ):
        _add(problems, "holder", "Choose a link worker of this scheme.")
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
    if post.sessions.filter(held_on__lt=started_on).exists():
        _add(problems, "started_on", "Sessions are recorded before this date: keep it earlier.")
    _refuse("The post could not be changed.", "post_invalid", problems)
    changes = _apply(
        post,
        {
            "title": title.strip(),
            "holder": holder,
            "line_manager": line_manager,
            "employer": employer,
            "contracted_hours": contracted_hours,
            "started_on": started_on,
            "thematic_role": thematic_role,
        },
    )
    before = sorted(str(pk) for pk in post.practices.values_list("pk", flat=True))
    after = sorted(str(p.pk) for p in practices)
    if before != after:
        changes["practices"] = [before, after]
    _save(post)
    post.practices.set(practices)
    _audit(actor, "link_worker_post", post, {"changes": changes})
    return post


@transaction.atomic
def fund_update(
    *,
    actor: User,
    fund: PracticeFund,
    amount_gbp: Decimal,
    period_start: date,
    period_end: date,
    purpose: str,
    note: str = "",
) -> PracticeFund:
    problems: Problems = {}
    _amount(problems, amount_gbp)
    _period(problems, period_start, period_end)
    if purpose not in FundPurpose:
        _add(problems, "purpose", "Choose what the money is for.")
    _refuse("The fund could not be changed.", "fund_invalid", problems)
    changes = _apply(
        fund,
        {
            "amount_gbp": amount_gbp,
            "period_start": period_start,
            "period_end": period_end,
            "purpose": purpose,
            "note": note.strip(),
        },
    )
    _save(fund)
    _audit(actor, "practice_fund", fund, {"changes": changes})
    return fund


@transaction.atomic
def protected_time_update(
    *,
    actor: User,
    record: ProtectedTime,
    staff_name: str,
    staff_group: str,
    period_start: date,
    period_end: date,
    hours_per_week: Decimal,
    extra_consultation_minutes: int = 0,
    how_used: str = "",
) -> ProtectedTime:
    problems: Problems = {}
    if not staff_name.strip():
        _add(problems, "staff_name", "Give the name of the member of staff.")
    if staff_group not in StaffGroup:
        _add(problems, "staff_group", "Choose their staff group.")
    if not Decimal("0.5") <= hours_per_week <= Decimal("40"):
        _add(problems, "hours_per_week", "Give from 0.5 to 40 hours a week.")
    if extra_consultation_minutes < 0:
        _add(problems, "extra_consultation_minutes", "Give 0 or more minutes.")
    _period(problems, period_start, period_end)
    _refuse("The protected time could not be changed.", "protected_time_invalid", problems)
    changes = _apply(
        record,
        {
            "staff_name": staff_name.strip(),
            "staff_group": staff_group,
            "period_start": period_start,
            "period_end": period_end,
            "hours_per_week": hours_per_week,
            "extra_consultation_minutes": extra_consultation_minutes,
            "how_used": how_used.strip(),
        },
    )
    _save(record)
    _audit(actor, "protected_time", record, {"changes": changes})
    return record


@transaction.atomic
def resource_end(
    *, actor: User, record: PracticeFund | ProtectedTime, ended_on: date
) -> PracticeFund | ProtectedTime:
    """End a fund or protected time early: its period now ends on `ended_on`."""
    problems: Problems = {}
    if ended_on < record.period_start:
        _add(problems, "ended_on", "It cannot end before its period starts.")
    elif ended_on >= record.period_end:
        _add(
            problems,
            "ended_on",
            f"It already ends on {record.period_end.day} {record.period_end:%B %Y}: give an "
            "earlier day, or change its period.",
        )
    _refuse("It could not be ended.", "resource_end_invalid", problems)
    changes = _apply(record, {"period_end": ended_on})
    _save(record)
    kind = "practice_fund" if isinstance(record, PracticeFund) else "protected_time"
    _audit(actor, kind, record, {"ended": True, "changes": changes})
    return record
