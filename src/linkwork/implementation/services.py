"""Writes for implementation monitoring: activity, practice events, continuity, concurrent
initiatives and the practice's leadership of the programme. Each service validates everything
before it writes, inside one transaction, and raises DomainError (with the field at fault)
instead of writing anything partial.

Who may call them is decided by `permissions` before the call; the services check what the
data must satisfy whoever calls (a link worker logs only for practices their scheme serves,
cover is given by a link worker of a serving scheme, and so on)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.implementation.models import (
    Absence,
    Activity,
    ConcurrentInitiative,
    Coverage,
    Handover,
    PracticeEvent,
    PracticeLeadership,
)
from linkwork.implementation.selectors import link_worker_schemes_for
from linkwork.implementation.vocab import (
    ACTIVITY_LEVEL,
    MAX_ACTIVITY_MINUTES,
    MIN_ACTIVITY_MINUTES,
    AbsenceKind,
    ActivityKind,
    Cover,
    EventKind,
    LeadRole,
    StaffGroup,
)
from linkwork.organisations.models import Organisation, Scheme

MAX_ATTENDANCE = 500
Problems = dict[str, list[str]]


def _refuse(message: str, code: str, problems: Problems) -> None:
    if problems:
        raise DomainError(message, code=code, field_errors=problems)


def _today(today: date | None) -> date:
    return today or clock.today()


def _not_future(problems: Problems, field: str, day: date, today: date) -> None:
    if day > today:
        problems.setdefault(field, []).append("This date is in the future.")


@transaction.atomic
def activity_log(
    *,
    actor: User,
    practice: Organisation,
    occurred_on: date,
    kind: str,
    minutes: int,
    note: str = "",
    today: date | None = None,
) -> Activity:
    problems: Problems = {}
    schemes = link_worker_schemes_for(user=actor, practice=practice)
    if not schemes:
        problems["practice"] = ["You are not a link worker for a scheme serving this practice."]
    if kind not in {k.value for k in ActivityKind}:
        problems["kind"] = ["Choose a type of activity."]
    if not MIN_ACTIVITY_MINUTES <= minutes <= MAX_ACTIVITY_MINUTES:
        problems["minutes"] = [
            f"Give a time from {MIN_ACTIVITY_MINUTES} to {MAX_ACTIVITY_MINUTES} minutes."
        ]
    _not_future(problems, "occurred_on", occurred_on, _today(today))
    _refuse("The activity could not be logged.", "activity_invalid", problems)
    activity = Activity(
        scheme=schemes[0],
        practice=practice,
        link_worker=actor,
        occurred_on=occurred_on,
        level=ACTIVITY_LEVEL[kind].value,
        kind=kind,
        minutes=minutes,
        note=note.strip(),
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, actor: User, activity: Activity) -> None:
    if activity.link_worker_id != actor.pk:
        raise DomainError("Only the link worker who logged it can remove it.", code="not_yours")
    activity.delete()


@transaction.atomic
def event_record(
    *,
    actor: User,
    practice: Organisation,
    held_on: date,
    kind: str,
    title: str,
    attendance: dict[str, int],
    today: date | None = None,
) -> PracticeEvent:
    problems: Problems = {}
    title = title.strip()
    if not title:
        problems["title"] = ["Give the event a short title."]
    if kind not in {k.value for k in EventKind}:
        problems["kind"] = ["Choose a type of event."]
    unknown = set(attendance) - {g.value for g in StaffGroup}
    if unknown:
        problems["attendance"] = [f"Unknown staff groups: {', '.join(sorted(unknown))}."]
    for group, count in attendance.items():
        if not 0 <= count <= MAX_ATTENDANCE:
            problems.setdefault(group, []).append(f"Give a number from 0 to {MAX_ATTENDANCE}.")
    if not any(count > 0 for count in attendance.values()):
        problems.setdefault("gps", []).append("Record at least one person attending.")
    _not_future(problems, "held_on", held_on, _today(today))
    _refuse("The event could not be recorded.", "event_invalid", problems)
    event = PracticeEvent(
        practice=practice,
        held_on=held_on,
        kind=kind,
        title=title,
        recorded_by=actor,
        **{group.value: attendance.get(group.value, 0) for group in StaffGroup},
    )
    event.full_clean()
    event.save()
    return event


def _scheme_for_link_worker(
    problems: Problems, field: str, practice: Organisation, user: User | None
) -> Scheme | None:
    if user is None:
        return None
    schemes = link_worker_schemes_for(user=user, practice=practice)
    if not schemes:
        problems.setdefault(field, []).append(
            f"{user} is not a link worker in a scheme serving {practice.name}."
        )
        return None
    return schemes[0]


def _overlapping(start: date, end: date | None) -> Q:
    """Rows with started_on/ended_on that share at least one day with [start, end]."""
    condition = Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    if end is not None:
        condition &= Q(started_on__lte=end)
    return condition


def _check_range(problems: Problems, start: date, end: date | None) -> None:
    if end is not None and end < start:
        problems.setdefault("ended_on", []).append("The end date is before the start date.")


@transaction.atomic
def coverage_start(
    *,
    actor: User,
    practice: Organisation,
    link_worker: User,
    started_on: date,
    ended_on: date | None = None,
) -> Coverage:
    problems: Problems = {}
    scheme = _scheme_for_link_worker(problems, "link_worker", practice, link_worker)
    _check_range(problems, started_on, ended_on)
    clash = Coverage.objects.filter(practice=practice, link_worker=link_worker).filter(
        _overlapping(started_on, ended_on)
    )
    if not problems and clash.exists():
        problems["started_on"] = [f"{link_worker} already covers this practice then."]
    _refuse("The coverage could not be saved.", "coverage_invalid", problems)
    assert scheme is not None
    coverage = Coverage(
        scheme=scheme,
        practice=practice,
        link_worker=link_worker,
        started_on=started_on,
        ended_on=ended_on,
        recorded_by=actor,
    )
    coverage.full_clean()
    coverage.save()
    return coverage


@transaction.atomic
def coverage_end(*, actor: User, coverage: Coverage, ended_on: date) -> Coverage:
    problems: Problems = {}
    _check_range(problems, coverage.started_on, ended_on)
    _refuse("The coverage could not be ended.", "coverage_invalid", problems)
    coverage.ended_on = ended_on
    coverage.save(update_fields=["ended_on", "updated_at"])
    return coverage


@transaction.atomic
def absence_record(
    *,
    actor: User,
    practice: Organisation,
    kind: str,
    link_worker: User | None,
    started_on: date,
    ended_on: date | None,
    cover: str,
    cover_by: User | None = None,
    cover_note: str = "",
) -> Absence:
    problems: Problems = {}
    if kind not in {k.value for k in AbsenceKind}:
        problems["kind"] = ["Choose the kind of absence."]
    elif kind == AbsenceKind.VACANCY and link_worker is not None:
        problems["link_worker"] = ["A vacancy has no link worker; leave the name empty."]
    elif kind != AbsenceKind.VACANCY and link_worker is None:
        problems["link_worker"] = ["Name the link worker who is on leave."]
    if cover not in {c.value for c in Cover}:
        problems["cover"] = ["Choose the cover arranged."]
    elif cover == Cover.NONE and cover_by is not None:
        problems["cover_by"] = ["With no cover, leave who covers empty."]
    if cover_by is not None and cover_by == link_worker:
        problems.setdefault("cover_by", []).append("Someone on leave cannot cover themselves.")
    _check_range(problems, started_on, ended_on)
    if link_worker is not None and "link_worker" not in problems:
        covered = Coverage.objects.filter(practice=practice, link_worker=link_worker).filter(
            _overlapping(started_on, ended_on)
        )
        if not covered.exists():
            problems["link_worker"] = [f"{link_worker} does not cover this practice then."]
    _scheme_for_link_worker(problems, "cover_by", practice, cover_by)
    _refuse("The absence could not be recorded.", "absence_invalid", problems)
    absence = Absence(
        practice=practice,
        link_worker=link_worker,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        cover=cover,
        cover_by=cover_by,
        cover_note=cover_note.strip(),
        recorded_by=actor,
    )
    absence.full_clean()
    absence.save()
    return absence


@transaction.atomic
def handover_record(
    *,
    actor: User,
    practice: Organisation,
    outgoing: User,
    incoming: User,
    outgoing_last_day: date,
    incoming_first_day: date,
    note: str = "",
) -> Handover:
    """Record a handover and keep coverage in step: the outgoing link worker's coverage ends
    on their last day, and the incoming one's starts on their first (unless already open)."""
    problems: Problems = {}
    if outgoing == incoming:
        problems["incoming"] = ["A handover is between two different link workers."]
    leaving = (
        Coverage.objects.select_for_update()
        .filter(practice=practice, link_worker=outgoing, started_on__lte=outgoing_last_day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=outgoing_last_day))
        .first()
    )
    if leaving is None:
        problems["outgoing"] = [f"{outgoing} does not cover this practice on their last day."]
    scheme = _scheme_for_link_worker(problems, "incoming", practice, incoming)
    if (incoming_first_day - outgoing_last_day).days > 366:
        problems["incoming_first_day"] = ["The incoming link worker starts over a year later."]
    _refuse("The handover could not be recorded.", "handover_invalid", problems)
    assert leaving is not None
    assert scheme is not None
    leaving.ended_on = outgoing_last_day
    leaving.save(update_fields=["ended_on", "updated_at"])
    already = Coverage.objects.filter(practice=practice, link_worker=incoming).filter(
        _overlapping(incoming_first_day, None)
    )
    if not already.exists():
        Coverage.objects.create(
            scheme=scheme,
            practice=practice,
            link_worker=incoming,
            started_on=incoming_first_day,
            recorded_by=actor,
        )
    handover = Handover(
        practice=practice,
        outgoing=outgoing,
        incoming=incoming,
        outgoing_last_day=outgoing_last_day,
        incoming_first_day=incoming_first_day,
        note=note.strip(),
        recorded_by=actor,
    )
    handover.full_clean()
    handover.save()
    return handover


@transaction.atomic
def initiative_record(
    *,
    actor: User,
    practice: Organisation,
    name: str,
    started_on: date,
    ended_on: date | None = None,
    note: str = "",
) -> ConcurrentInitiative:
    problems: Problems = {}
    name = name.strip()
    if not name:
        problems["name"] = ["Give the initiative's name."]
    _check_range(problems, started_on, ended_on)
    _refuse("The initiative could not be recorded.", "initiative_invalid", problems)
    initiative = ConcurrentInitiative(
        practice=practice,
        name=name,
        started_on=started_on,
        ended_on=ended_on,
        note=note.strip(),
        recorded_by=actor,
    )
    initiative.full_clean()
    initiative.save()
    return initiative


@transaction.atomic
def leadership_record(
    *,
    actor: User,
    practice: Organisation,
    recorded_on: date,
    has_lead: bool,
    lead_name: str = "",
    lead_role: str = "",
    in_meetings: bool = False,
    note: str = "",
    today: date | None = None,
) -> PracticeLeadership:
    """Record who leads the programme in the practice from `recorded_on` on: a named lead with
    their role and whether they take part in practice meetings, or that there is none."""
    problems: Problems = {}
    lead_name = lead_name.strip()
    if has_lead:
        if not lead_name:
            problems["lead_name"] = ["Give the name of the practice lead for the programme."]
        if lead_role not in {r.value for r in LeadRole}:
            problems["lead_role"] = ["Choose the practice lead's role."]
    else:
        if lead_name or lead_role:
            problems["has_lead"] = [
                "You said there is no named lead: answer yes, or leave the name and role empty."
            ]
        if in_meetings:
            problems["in_meetings"] = ["Only a named lead can take part in practice meetings."]
    _not_future(problems, "recorded_on", recorded_on, _today(today))
    _refuse("The leadership could not be recorded.", "leadership_invalid", problems)
    record = PracticeLeadership(
        practice=practice,
        recorded_on=recorded_on,
        lead_name=lead_name if has_lead else "",
        lead_role=lead_role if has_lead else "",
        in_meetings=in_meetings,
        note=note.strip(),
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    return record
