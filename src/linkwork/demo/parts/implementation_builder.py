"""Record builders for the implementation part of the demo world (see `demo_part`): bulk
rows with deterministic ids, and NoMAD answers drawn around target construct means."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from linkwork.accounts.models import User
from linkwork.demo.context import DemoContext
from linkwork.implementation.models import (
    Absence,
    Activity,
    ConcurrentInitiative,
    Coverage,
    Handover,
    NomadLink,
    NomadResponse,
    NomadRound,
    PracticeEvent,
    PracticeLeadership,
)
from linkwork.implementation.nomad import CONSTRUCT_ITEMS, GENERAL_ITEMS, NotRelevant
from linkwork.implementation.nomad_services import token_hash
from linkwork.implementation.periods import Period, latest_complete_quarter, quarter_of
from linkwork.implementation.vocab import (
    ACTIVITY_LEVEL,
    AbsenceKind,
    ActivityKind,
    Cover,
    EventKind,
    LeadRole,
    Level,
    kinds_at,
)
from linkwork.organisations.models import Organisation, Scheme

# NoMAD targets (construct means on 1-5) for each kind of practice.
GOOD = {
    "coherence": 4.3,
    "cognitive_participation": 4.2,
    "collective_action": 4.0,
    "reflexive_monitoring": 3.2,
}
SLIPPING = {
    "coherence": 3.6,
    "cognitive_participation": 3.0,
    "collective_action": 2.7,
    "reflexive_monitoring": 2.6,
}
# Attendance ranges at practice events, by staff group.
WHOLE_TEAM = {"gps": (3, 5), "nurses": (1, 3), "reception_admin": (3, 6), "managers": (1, 1)}
CLINICAL = {"gps": (2, 4), "nurses": (1, 2)}
GPS_ONLY = {"gps": (2, 4)}


def _mondays(start: date, end: date) -> list[date]:
    first = start + timedelta(days=(7 - start.weekday()) % 7)
    return [first + timedelta(weeks=n) for n in range((end - first).days // 7 + 1)]


def _second_wednesdays(start: date, end: date) -> list[date]:
    result, month = [], date(start.year, start.month, 1)
    while month <= end:
        first_wed = month + timedelta(days=(2 - month.weekday()) % 7)
        day = first_wed + timedelta(days=7)
        if start <= day <= end:
            result.append(day)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return result


@dataclass(frozen=True)
class DemoCalendar:
    """The quarters and spans the planted practices are written over, from the reference date."""

    today: date
    period: Period  # the latest complete quarter: the one the assessment looks at
    previous: Period
    data_start: date  # a year of records before the period began
    coverage_start: date
    end: date

    @classmethod
    def of(cls, today: date) -> DemoCalendar:
        period = latest_complete_quarter(today)
        data_start = period.start.replace(year=period.start.year - 1)
        return cls(
            today=today,
            period=period,
            previous=quarter_of(period.start - timedelta(days=1)),
            data_start=data_start,
            coverage_start=data_start.replace(year=data_start.year - 2),
            end=today - timedelta(days=1),
        )


@dataclass
class _Records:
    activities: list[Activity]
    events: list[PracticeEvent]
    coverage: list[Coverage]
    absences: list[Absence]
    handovers: list[Handover]
    initiatives: list[ConcurrentInitiative]
    rounds: list[NomadRound]
    links: list[NomadLink]
    responses: list[NomadResponse]
    leadership: list[PracticeLeadership]


class DemoBuilder:
    def __init__(self, ctx: DemoContext, scheme: Scheme, recorder: User) -> None:
        self.ctx = ctx
        self.cal = DemoCalendar.of(ctx.today)
        self.rng = ctx.rng
        self.scheme = scheme
        self.recorder = recorder
        self.records = _Records([], [], [], [], [], [], [], [], [], [])
        self.counter: dict[str, int] = defaultdict(int)

    def uuid(self, kind: str, practice: Organisation) -> uuid.UUID:
        self.counter[kind] += 1
        return self.ctx.uuid("implementation", kind, practice.pk, self.counter[kind])

    # --- records ---------------------------------------------------------------------

    def activity(
        self, practice: Organisation, worker: User, day: date, kind: ActivityKind, minutes: int
    ) -> None:
        self.records.activities.append(
            Activity(
                id=self.uuid("activity", practice),
                scheme=self.scheme,
                practice=practice,
                link_worker=worker,
                occurred_on=day,
                level=ACTIVITY_LEVEL[kind].value,
                kind=kind.value,
                minutes=minutes,
            )
        )

    def weekly_work(
        self,
        practice: Organisation,
        worker: User,
        start: date,
        end: date,
        *,
        practice_per_week: float,
        community_per_week: float,
        skip: tuple[tuple[date, date], ...] = (),
    ) -> None:
        """Activities spread over the weekdays, at the given average rate per week."""
        for monday in _mondays(start, end):
            if any(a <= monday <= b for a, b in skip):
                continue
            for level, rate in (
                (Level.PRACTICE, practice_per_week),
                (Level.COMMUNITY, community_per_week),
            ):
                whole = int(rate)
                count = whole + (1 if self.rng.random() < rate - whole else 0)
                for _ in range(count):
                    day = monday + timedelta(days=self.rng.randrange(5))
                    if day > end:
                        continue
                    kind = self.rng.choice(kinds_at(level))
                    self.activity(practice, worker, day, kind, self.rng.choice((60, 90, 120)))

    def event(
        self,
        practice: Organisation,
        day: date,
        kind: EventKind,
        title: str,
        groups: dict[str, tuple[int, int]],
    ) -> None:
        counts = {g: self.rng.randint(*span) for g, span in groups.items()}
        self.records.events.append(
            PracticeEvent(
                id=self.uuid("event", practice),
                practice=practice,
                held_on=day,
                kind=kind.value,
                title=title,
                recorded_by=self.recorder,
                **counts,
            )
        )

    def monthly_events(
        self, practice: Organisation, start: date, end: date, groups: dict[str, tuple[int, int]]
    ) -> None:
        for day in _second_wednesdays(start, end):
            self.event(practice, day, EventKind.SHARED_LEARNING, "Protected learning time", groups)

    def quarterly_events(
        self, practice: Organisation, start: date, end: date, groups: dict[str, tuple[int, int]]
    ) -> None:
        for day in _second_wednesdays(start, end)[::3]:
            self.event(practice, day, EventKind.TEAM_MEETING, "Practice meeting", groups)

    def coverage(
        self, practice: Organisation, worker: User, start: date, end: date | None = None
    ) -> None:
        self.records.coverage.append(
            Coverage(
                id=self.uuid("coverage", practice),
                scheme=self.scheme,
                practice=practice,
                link_worker=worker,
                started_on=start,
                ended_on=end,
                recorded_by=self.recorder,
            )
        )

    def absence(
        self,
        practice: Organisation,
        worker: User | None,
        kind: AbsenceKind,
        start: date,
        end: date | None,
        cover: Cover,
        cover_by: User | None = None,
        note: str = "",
    ) -> None:
        self.records.absences.append(
            Absence(
                id=self.uuid("absence", practice),
                practice=practice,
                link_worker=worker,
                kind=kind.value,
                started_on=start,
                ended_on=end,
                cover=cover.value,
                cover_by=cover_by,
                cover_note=note,
                recorded_by=self.recorder,
            )
        )

    def handover(
        self,
        practice: Organisation,
        outgoing: User,
        incoming: User,
        last: date,
        first: date,
        note: str,
    ) -> None:
        self.records.handovers.append(
            Handover(
                id=self.uuid("handover", practice),
                practice=practice,
                outgoing=outgoing,
                incoming=incoming,
                outgoing_last_day=last,
                incoming_first_day=first,
                note=note,
                recorded_by=self.recorder,
            )
        )

    def initiative(self, practice: Organisation, name: str, start: date) -> None:
        self.records.initiatives.append(
            ConcurrentInitiative(
                id=self.uuid("initiative", practice),
                practice=practice,
                name=name,
                started_on=start,
                recorded_by=self.recorder,
            )
        )

    def leadership(
        self,
        practice: Organisation,
        day: date,
        role: LeadRole | None,
        *,
        in_meetings: bool = False,
        note: str = "",
    ) -> None:
        """A leadership record: a named lead in `role` (None: no named lead). Demo names are
        made up from the role, never from a real person."""
        name = "" if role is None else f"{role.label} lead ({practice.name})"
        self.records.leadership.append(
            PracticeLeadership(
                id=self.uuid("leadership", practice),
                practice=practice,
                recorded_on=day,
                lead_name=name,
                lead_role="" if role is None else role.value,
                in_meetings=role is not None and in_meetings,
                note=note,
                recorded_by=self.recorder,
            )
        )

    def nomad_round(
        self,
        practice: Organisation,
        opened: date,
        closes: date,
        targets: dict[str, float],
        responses: int,
        unused_links: int = 2,
    ) -> None:
        survey = NomadRound(
            id=self.uuid("round", practice),
            practice=practice,
            opened_on=opened,
            closes_on=closes,
            min_responses=5,
            opened_by=self.recorder,
        )
        self.records.rounds.append(survey)
        for n in range(responses + unused_links):
            # Demo links are never handed out: their tokens are derived and thrown away.
            token = str(self.ctx.uuid("implementation", "link", survey.pk, n))
            self.records.links.append(
                NomadLink(
                    id=self.uuid("link", practice),
                    round=survey,
                    token_hash=token_hash(token),
                    expires_on=closes,
                    used=n < responses,
                )
            )
        for _ in range(responses):
            self.records.responses.append(
                NomadResponse(
                    id=self.uuid("response", practice),
                    round=survey,
                    submitted_on=opened
                    + timedelta(days=self.rng.randrange((closes - opened).days + 1)),
                    staff_group=self.rng.choice(
                        ("gps", "nurses", "reception_admin", "managers", "")
                    ),
                    answers=self.answers(targets),
                )
            )

    def answers(self, targets: dict[str, float]) -> dict[str, object]:
        answers: dict[str, object] = {}
        for item in CONSTRUCT_ITEMS:
            if self.rng.random() < 0.05:
                answers[item.code] = self.rng.choice(NotRelevant.values)
                continue
            value = min(5, max(1, round(self.rng.gauss(targets[item.construct.value], 0.8))))
            answers[item.code] = 6 - value if item.reversed else value
        familiarity = 2 * targets["coherence"] - 1
        for general in GENERAL_ITEMS:
            if self.rng.random() < 0.9:
                answers[general.code] = min(10, max(0, round(self.rng.gauss(familiarity, 1.5))))
        return answers

    def save(self) -> None:
        r, size = self.records, 1000
        Coverage.objects.bulk_create(r.coverage, batch_size=size)
        Absence.objects.bulk_create(r.absences, batch_size=size)
        Handover.objects.bulk_create(r.handovers, batch_size=size)
        ConcurrentInitiative.objects.bulk_create(r.initiatives, batch_size=size)
        PracticeEvent.objects.bulk_create(r.events, batch_size=size)
        Activity.objects.bulk_create(r.activities, batch_size=size)
        NomadRound.objects.bulk_create(r.rounds, batch_size=size)
        NomadLink.objects.bulk_create(r.links, batch_size=size)
        NomadResponse.objects.bulk_create(r.responses, batch_size=size)
        PracticeLeadership.objects.bulk_create(r.leadership, batch_size=size)


def monthly(
    builder: DemoBuilder,
    practice: Organisation,
    worker: User,
    kind: ActivityKind,
    start: date,
    end: date,
    *,
    every: int = 1,
    minutes: int = 60,
) -> None:
    """One activity on the second Wednesday of every `every`-th month: a fixed, sparse
    rhythm (at most three in any 90 days)."""
    for day in _second_wednesdays(start, end)[::every]:
        builder.activity(practice, worker, day, kind, minutes)
