"""Gathering a practice's facts for the integration rule: a fixed number of queries for any
number of practices and periods, then plain Python per practice and period."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from linkwork.episodes.models import Referral
from linkwork.episodes.selectors.sessions import encounter_minutes_by_practice
from linkwork.implementation.continuity import AbsenceSpan, CoverSpan, overlap_days, uncovered_days
from linkwork.implementation.models import (
    Absence,
    Activity,
    ConcurrentInitiative,
    Coverage,
    Handover,
    NomadResponse,
    NomadRound,
    PracticeEvent,
    PracticeLeadership,
)
from linkwork.implementation.nomad import is_reportable, score_round
from linkwork.implementation.periods import Period
from linkwork.implementation.rules import LeadershipFacts, NomadFacts, PracticePeriodFacts
from linkwork.implementation.vocab import (
    PRACTICE_REFERRER_SOURCES,
    Cover,
    LeadRole,
    Level,
    StaffGroup,
)

__all__ = ["WINDOW_DAYS", "FactsData", "load_facts_data", "practice_facts"]

WINDOW_DAYS = 90


def _overlaps(start: date, end: date) -> Q:
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def _active(start: date, end: date | None, period: Period) -> bool:
    return start <= period.end and (end is None or end >= period.start)


@dataclass
class FactsData:
    """Everything the facts need for a set of practices over one span of days."""

    activities: dict[uuid.UUID, list[tuple[date, str, int]]]
    events: dict[uuid.UUID, list[tuple[date, frozenset[str]]]]
    coverage: dict[uuid.UUID, list[CoverSpan]]
    absences: dict[uuid.UUID, list[AbsenceSpan]]
    handovers: dict[uuid.UUID, list[tuple[date, int]]]
    initiatives: dict[uuid.UUID, list[tuple[str, date, date | None]]]
    nomad: dict[uuid.UUID, list[tuple[date, int, dict[str, float | None]]]]
    leadership: dict[uuid.UUID, list[LeadershipFacts]]
    referrers: dict[str, dict[uuid.UUID, frozenset[str]]]
    patient: dict[str, dict[uuid.UUID, int]]


def load_facts_data(ids: list[uuid.UUID], periods: Sequence[Period], today: date) -> FactsData:
    start = min(min(p.start for p in periods), *(p.window_end(WINDOW_DAYS)[0] for p in periods))
    end = max(p.end for p in periods)
    data = FactsData(
        activities=defaultdict(list),
        events=defaultdict(list),
        coverage=defaultdict(list),
        absences=defaultdict(list),
        handovers=defaultdict(list),
        initiatives=defaultdict(list),
        nomad=defaultdict(list),
        leadership=defaultdict(list),
        referrers={},
        patient={},
    )
    for pid, day, level, minutes in Activity.objects.filter(
        practice_id__in=ids, occurred_on__range=(start, end)
    ).values_list("practice_id", "occurred_on", "level", "minutes"):
        data.activities[pid].append((day, level, minutes))
    for pid, day, *counts in PracticeEvent.objects.filter(
        practice_id__in=ids, held_on__range=(start, end)
    ).values_list("practice_id", "held_on", *(g.value for g in StaffGroup)):
        groups = frozenset(g.label for g, n in zip(StaffGroup, counts, strict=True) if n > 0)
        data.events[pid].append((day, groups))
    for pid, worker, began, ended in Coverage.objects.filter(
        _overlaps(start, end), practice_id__in=ids
    ).values_list("practice_id", "link_worker_id", "started_on", "ended_on"):
        data.coverage[pid].append(CoverSpan(str(worker), began, ended))
    for pid, worker, began, ended, cover in Absence.objects.filter(
        _overlaps(start, end), practice_id__in=ids
    ).values_list("practice_id", "link_worker_id", "started_on", "ended_on", "cover"):
        worker_key = None if worker is None else str(worker)
        data.absences[pid].append(AbsenceSpan(worker_key, began, ended, cover == Cover.FULL))
    for pid, first, last in Handover.objects.filter(
        practice_id__in=ids, incoming_first_day__range=(start, end)
    ).values_list("practice_id", "incoming_first_day", "outgoing_last_day"):
        overlap = overlap_days(outgoing_last_day=last, incoming_first_day=first)
        data.handovers[pid].append((first, overlap))
    for pid, name, began, ended in ConcurrentInitiative.objects.filter(
        _overlaps(start, end), practice_id__in=ids
    ).values_list("practice_id", "name", "started_on", "ended_on"):
        data.initiatives[pid].append((name, began, ended))
    _load_nomad(data, ids, end, today)
    # Every record up to the end: the one in force for a period may predate the window.
    roles = dict(LeadRole.choices)
    for pid, day, name, role, meetings in (
        PracticeLeadership.objects.filter(practice_id__in=ids, recorded_on__lte=end)
        .order_by("recorded_on", "created_at")
        .values_list("practice_id", "recorded_on", "lead_name", "lead_role", "in_meetings")
    ):
        data.leadership[pid].append(
            LeadershipFacts(day, bool(name), roles.get(role, ""), bool(name) and meetings)
        )
    for period in periods:
        data.patient[period.label] = encounter_minutes_by_practice(
            practice_ids=ids, start=period.start, end=period.end
        )
        referred: dict[uuid.UUID, set[str]] = defaultdict(set)
        for pid, source in (
            Referral.objects.filter(
                practice_id__in=ids,
                received_on__range=(period.start, period.end),
                source__in=list(PRACTICE_REFERRER_SOURCES),
            )
            .values_list("practice_id", "source")
            .distinct()
        ):
            referred[pid].add(PRACTICE_REFERRER_SOURCES[source])
        data.referrers[period.label] = {pid: frozenset(s) for pid, s in referred.items()}
    return data


def _load_nomad(data: FactsData, ids: list[uuid.UUID], end: date, today: date) -> None:
    """Reportable rounds only (closed, with enough responses), with their construct means."""
    rounds = list(
        NomadRound.objects.filter(practice_id__in=ids, opened_on__lte=end).values_list(
            "pk", "practice_id", "closes_on", "closed_on", "min_responses"
        )
    )
    answers: dict[uuid.UUID, list[dict[str, object]]] = defaultdict(list)
    for round_id, given in NomadResponse.objects.filter(
        round_id__in=[r[0] for r in rounds]
    ).values_list("round_id", "answers"):
        answers[round_id].append(given)
    for round_id, pid, closes_on, closed_on, minimum in rounds:
        closed = closed_on is not None or today > closes_on
        if not is_reportable(responses=len(answers[round_id]), closed=closed, minimum=minimum):
            continue
        scores = score_round(answers[round_id])
        # A construct scored for fewer people than the minimum stays hidden, like the round.
        means = {
            c.value: (m if scores.construct_n[c] >= minimum else None)
            for c, m in scores.construct_means.items()
        }
        data.nomad[pid].append((closed_on or closes_on, scores.responses, means))
    for rounds_of_practice in data.nomad.values():
        rounds_of_practice.sort(key=lambda r: r[0])


def _nomad_facts(
    rounds: list[tuple[date, int, dict[str, float | None]]], period: Period
) -> NomadFacts | None:
    done = [r for r in rounds if r[0] <= period.end]
    if not done:
        return None
    closed_on, responses, means = done[-1]
    previous = done[-2][2] if len(done) > 1 else {}
    return NomadFacts(closed_on, responses, means, previous)


def practice_facts(data: FactsData, pid: uuid.UUID, period: Period) -> PracticePeriodFacts:
    w_start, w_end = period.window_end(WINDOW_DAYS)
    in_period = [(lvl, m) for d, lvl, m in data.activities[pid] if period.start <= d <= period.end]
    in_window = [lvl for d, lvl, _ in data.activities[pid] if w_start <= d <= w_end]
    groups: set[str] = set()
    for day, attended in data.events[pid]:
        if w_start <= day <= w_end:
            groups |= attended
    coverage = [s for s in data.coverage[pid] if _active(s.start, s.end, period)]
    absences = [a for a in data.absences[pid] if _active(a.start, a.end, period)]
    return PracticePeriodFacts(
        period_start=period.start,
        period_end=period.end,
        patient_minutes=data.patient[period.label].get(pid, 0),
        practice_minutes=sum(m for lvl, m in in_period if lvl == Level.PRACTICE),
        community_minutes=sum(m for lvl, m in in_period if lvl == Level.COMMUNITY),
        practice_activities_90d=sum(1 for lvl in in_window if lvl == Level.PRACTICE),
        community_activities_90d=sum(1 for lvl in in_window if lvl == Level.COMMUNITY),
        event_staff_groups=frozenset(groups),
        referring_groups=data.referrers[period.label].get(pid, frozenset()),
        continuity_recorded=bool(coverage or absences),
        uncovered_days=uncovered_days(
            start=period.start, end=period.end, coverage=coverage, absences=absences
        ),
        handover_overlaps=tuple(
            overlap for first, overlap in data.handovers[pid] if period.start <= first <= period.end
        ),
        concurrent_initiatives=tuple(
            sorted(name for name, s, e in data.initiatives[pid] if _active(s, e, period))
        ),
        nomad=_nomad_facts(data.nomad[pid], period),
        leadership=next(
            (r for r in reversed(data.leadership[pid]) if r.recorded_on <= period.end), None
        ),
    )
