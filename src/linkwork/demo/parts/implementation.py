"""The implementation part of the demo world: Glasgow City practices that behave like the
Deep End evaluation's practices, so the integration assessment has something to find.

Planted for the latest complete quarter before the world's reference date (2026-Q3 for a
world built as of 31 October 2026; every date below moves with the reference date), in
var/demo/planted.json under "implementation" as {practice id: classification}:

- three *fully integrated* practices (like Magenta, Ochre and Cyan): weekly practice- and
  community-level work, monthly learning time the whole team attends, continuous link worker
  support (Cyan: a handover with twelve days of shadowing), a named practice lead (GP or
  practice manager) who takes part in practice meetings, good NoMAD scores;
- four *partially integrated* practices, each with its own trouble: little practice or
  community work and a lead GP who does not bring the programme to practice meetings
  (Crimson), a competing initiative and a lead who sees it as referrals only (Cobalt), broken
  team relationships with only GPs at events and no named lead (Olive), and link worker
  turnover with a six-week vacancy and no overlap;
- one that *changes over time* (like Amber): fully integrated until its link worker's long
  sick leave from about two weeks before the quarter began, with cover for urgent referrals
  only, then partially integrated (planted as {practice id: {period: classification}} under
  "implementation_trend");
- one *new* practice, partially integrated: everything recorded looks good, but monitoring
  began only with the previous quarter, no leadership is recorded yet, and its first NoMAD
  round has too few responses to report (so the classification rests on the indicators alone).

The scheme's other practices get *background* monitoring, so its dashboard shows a realistic
spread rather than one row per story: about one in seven has nothing recorded yet (not yet
assessable); the rest have a link worker covering them, practice- and community-level work at
rates that vary from practice to practice, a practice meeting each quarter, a leadership
record for about two in three (not all of them with a lead who takes part in practice
meetings) and, for a few, a NoMAD round. Their one-to-one work is whatever the casework part
gave them, so those without any are *not integrated*. They are listed under
"implementation_background" in planted.json, without a classification: it follows from the
casework part's encounters.

The first practice by name is the demo practice manager's; it plays the changing practice
when the casework part gave it one-to-one work in both quarters, otherwise Crimson. This part
never creates referrals or encounters: the patient level comes from the casework part, so the
practices that must show one-to-one work are chosen among those with attended encounters in
the quarters that matter (any practice will do when the casework part is absent).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import cycle
from typing import Any

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.demo.context import DemoContext, demo_part
from linkwork.demo.parts.implementation_builder import (
    CLINICAL,
    GOOD,
    GPS_ONLY,
    SLIPPING,
    WHOLE_TEAM,
    DemoBuilder,
    DemoCalendar,
    monthly,
)
from linkwork.episodes.models import Encounter
from linkwork.implementation.periods import Period, quarter_of
from linkwork.implementation.rules import Classification
from linkwork.implementation.vocab import AbsenceKind, ActivityKind, Cover, EventKind, LeadRole
from linkwork.organisations.models import Organisation, Scheme

SCHEME_SLUG = "glasgow-city-community-link-workers"

FULL = Classification.FULLY_INTEGRATED.value
PARTIAL = Classification.PARTIALLY_INTEGRATED.value

# Roles in the order they are cast, with the quarters in which each needs one-to-one work
# (both: the previous quarter and the assessed one; latest: the assessed one).
ROLES: tuple[tuple[str, str, str], ...] = (
    ("changing", PARTIAL, "both"),
    ("magenta", FULL, "latest"),
    ("ochre", FULL, "latest"),
    ("cyan", FULL, "latest"),
    ("new", PARTIAL, "latest"),
    ("crimson", PARTIAL, "latest"),
    ("cobalt", PARTIAL, "latest"),
    ("olive", PARTIAL, "latest"),
    ("turnover", PARTIAL, "latest"),
)


def _needs(cal: DemoCalendar, need: str) -> tuple[Period, ...]:
    return {"both": (cal.previous, cal.period), "latest": (cal.period,), "none": ()}[need]


def _rounds_like_the_good_ones(b: DemoBuilder, practice: Organisation) -> None:
    b.nomad_round(
        practice,
        b.cal.data_start + timedelta(days=125),
        b.cal.data_start + timedelta(days=150),
        GOOD,
        b.rng.randint(8, 12),
    )
    b.nomad_round(
        practice,
        b.cal.period.start - timedelta(days=58),
        b.cal.period.start - timedelta(days=33),
        GOOD,
        b.rng.randint(8, 12),
    )


def _fully_integrated(
    b: DemoBuilder, practice: Organisation, worker: User, *, leave: bool = True
) -> None:
    b.coverage(practice, worker, b.cal.coverage_start)
    skip: tuple[tuple[date, date], ...] = ()
    if leave:
        away = (b.cal.period.start + timedelta(days=40), b.cal.period.start + timedelta(days=51))
        b.absence(
            practice,
            worker,
            AbsenceKind.ANNUAL_LEAVE,
            *away,
            Cover.PATIENTS_ONLY,
            note="Urgent referrals to the duty link worker",
        )
        skip = (away,)
    b.weekly_work(
        practice,
        worker,
        b.cal.data_start,
        b.cal.end,
        practice_per_week=2,
        community_per_week=2,
        skip=skip,
    )
    b.monthly_events(practice, b.cal.data_start, b.cal.end, WHOLE_TEAM)
    _rounds_like_the_good_ones(b, practice)


def _cyan(b: DemoBuilder, practice: Organisation, worker: User, incoming: User) -> None:
    """Fully integrated through a handover: the incoming link worker shadows for 12 days."""
    first, last = b.cal.period.start + timedelta(days=33), b.cal.period.start + timedelta(days=44)
    b.coverage(practice, worker, b.cal.coverage_start, last)
    b.coverage(practice, incoming, first)
    b.handover(practice, worker, incoming, last, first, "Shadowed clinics and met partners")
    b.weekly_work(
        practice, worker, b.cal.data_start, last, practice_per_week=2, community_per_week=2
    )
    b.weekly_work(
        practice,
        incoming,
        last + timedelta(days=1),
        b.cal.end,
        practice_per_week=2,
        community_per_week=2,
    )
    b.monthly_events(practice, b.cal.data_start, b.cal.end, WHOLE_TEAM)
    _rounds_like_the_good_ones(b, practice)


def _changing(b: DemoBuilder, practice: Organisation, worker: User, cover: User) -> None:
    """Fully integrated until long sick leave with cover for urgent referrals only."""
    sick = b.cal.previous.end - timedelta(days=15)
    b.coverage(practice, worker, b.cal.coverage_start)
    b.absence(
        practice,
        worker,
        AbsenceKind.SICK_LEAVE,
        sick,
        None,
        Cover.PATIENTS_ONLY,
        cover_by=cover,
        note="Cover one day a week for urgent referrals",
    )
    b.weekly_work(
        practice,
        worker,
        b.cal.data_start,
        sick - timedelta(days=3),
        practice_per_week=2,
        community_per_week=2,
    )
    monthly(b, practice, cover, ActivityKind.TEAM_MEETING, sick, b.cal.end, minutes=30)
    b.monthly_events(practice, b.cal.data_start, sick - timedelta(days=1), WHOLE_TEAM)
    b.event(
        practice,
        b.cal.period.start + timedelta(days=42),
        EventKind.TEAM_MEETING,
        "Practice meeting",
        {"gps": (2, 3), "managers": (1, 1)},
    )
    _rounds_like_the_good_ones(b, practice)
    b.nomad_round(
        practice,
        b.cal.period.end - timedelta(days=29),
        b.cal.period.end - timedelta(days=5),
        SLIPPING,
        8,
    )


def _crimson(b: DemoBuilder, practice: Organisation, worker: User) -> None:
    """Patient work only; leadership not shared, so the team's understanding is thin."""
    b.coverage(practice, worker, b.cal.coverage_start)
    monthly(b, practice, worker, ActivityKind.TEAM_MEETING, b.cal.data_start, b.cal.end)
    monthly(b, practice, worker, ActivityKind.NETWORK_MEETING, b.cal.data_start, b.cal.end)
    b.quarterly_events(practice, b.cal.data_start, b.cal.end, CLINICAL)
    targets = {
        "coherence": 2.9,
        "cognitive_participation": 3.3,
        "collective_action": 3.2,
        "reflexive_monitoring": 2.8,
    }
    b.nomad_round(
        practice,
        b.cal.period.start - timedelta(days=58),
        b.cal.period.start - timedelta(days=33),
        targets,
        7,
    )


def _cobalt(b: DemoBuilder, practice: Organisation, worker: User) -> None:
    """Distracted by other initiatives; the lead GP sees the programme as referrals only."""
    b.coverage(practice, worker, b.cal.coverage_start)
    monthly(b, practice, worker, ActivityKind.STAFF_PROBLEM_SOLVING, b.cal.data_start, b.cal.end)
    monthly(b, practice, worker, ActivityKind.COMMUNITY_VISIT, b.cal.data_start, b.cal.end, every=2)
    b.quarterly_events(practice, b.cal.data_start, b.cal.end, GPS_ONLY)
    b.initiative(
        practice, "Health and social care integration pilot", b.cal.data_start + timedelta(days=62)
    )
    b.initiative(practice, "Frailty pathway pilot", b.cal.period.start - timedelta(days=150))
    targets = {
        "coherence": 2.7,
        "cognitive_participation": 3.4,
        "collective_action": 3.3,
        "reflexive_monitoring": 2.9,
    }
    b.nomad_round(
        practice,
        b.cal.period.start - timedelta(days=51),
        b.cal.period.start - timedelta(days=26),
        targets,
        6,
    )


def _olive(b: DemoBuilder, practice: Organisation, worker: User) -> None:
    """Community work goes on, but relationships in the team have broken down."""
    b.coverage(practice, worker, b.cal.coverage_start)
    b.weekly_work(
        practice, worker, b.cal.data_start, b.cal.end, practice_per_week=0, community_per_week=2
    )
    monthly(
        b, practice, worker, ActivityKind.RESOURCE_KNOWLEDGE, b.cal.data_start, b.cal.end, every=2
    )
    b.quarterly_events(practice, b.cal.data_start, b.cal.end, GPS_ONLY)
    targets = {
        "coherence": 3.4,
        "cognitive_participation": 2.6,
        "collective_action": 3.0,
        "reflexive_monitoring": 2.7,
    }
    b.nomad_round(
        practice,
        b.cal.period.start - timedelta(days=44),
        b.cal.period.start - timedelta(days=19),
        targets,
        8,
    )


def _turnover(b: DemoBuilder, practice: Organisation, worker: User, incoming: User) -> None:
    """The link worker leaves; six weeks' vacancy without cover; no overlap at handover."""
    last, first = b.cal.period.start + timedelta(days=30), b.cal.period.start + timedelta(days=75)
    b.coverage(practice, worker, b.cal.coverage_start, last)
    b.coverage(practice, incoming, first)
    b.absence(
        practice,
        None,
        AbsenceKind.VACANCY,
        last + timedelta(days=1),
        first - timedelta(days=1),
        Cover.NONE,
        note="Post vacant while recruiting",
    )
    b.handover(practice, worker, incoming, last, first, "No overlap: the post was vacant")
    b.weekly_work(
        practice, worker, b.cal.data_start, last, practice_per_week=1, community_per_week=1
    )
    b.weekly_work(practice, incoming, first, b.cal.end, practice_per_week=1, community_per_week=1)
    b.quarterly_events(
        practice, b.cal.data_start, b.cal.end, {**CLINICAL, "reception_admin": (1, 3)}
    )
    # A round too small to report: it shows that results stay hidden.
    b.nomad_round(
        practice,
        b.cal.period.start - timedelta(days=30),
        b.cal.period.start - timedelta(days=12),
        GOOD,
        3,
    )


def _new(b: DemoBuilder, practice: Organisation, worker: User) -> None:
    """Everything recorded looks good, but monitoring only began this quarter."""
    b.coverage(practice, worker, b.cal.previous.start)
    b.weekly_work(
        practice,
        worker,
        b.cal.period.start + timedelta(days=5),
        b.cal.end,
        practice_per_week=2,
        community_per_week=2,
    )
    b.monthly_events(practice, b.cal.period.start + timedelta(days=30), b.cal.end, WHOLE_TEAM)
    b.nomad_round(
        practice,
        b.cal.today - timedelta(days=12),
        b.cal.today + timedelta(days=13),
        GOOD,
        3,
        unused_links=7,
    )


def _leadership(b: DemoBuilder, cast: dict[str, Organisation]) -> None:
    """Who leads the programme in each planted practice (recorded after everything else, so
    the other records draw the same random numbers as before leadership was recorded)."""
    early = b.cal.previous.start - timedelta(days=30)
    b.leadership(cast["magenta"], early, LeadRole.GP, in_meetings=True)
    b.leadership(cast["ochre"], early, LeadRole.PRACTICE_MANAGER, in_meetings=True)
    b.leadership(cast["cyan"], early, LeadRole.GP, in_meetings=True)
    b.leadership(cast["changing"], early, LeadRole.GP, in_meetings=True)
    b.leadership(
        cast["crimson"],
        early,
        LeadRole.GP,
        note="The programme is not on the practice meeting agenda",
    )
    b.leadership(cast["cobalt"], early, LeadRole.GP, note="Sees the programme as referrals")
    b.leadership(cast["olive"], early, LeadRole.GP, in_meetings=True)
    b.leadership(
        cast["olive"], b.cal.previous.start + timedelta(days=10), None, note="Lead GP retired"
    )
    b.leadership(cast["turnover"], early, LeadRole.PRACTICE_MANAGER, in_meetings=True)
    # "new": nothing recorded yet.


_EVENT_GROUPS = (WHOLE_TEAM, CLINICAL, GPS_ONLY, {**CLINICAL, "managers": (1, 1)})
_RATES = (0.0, 0.25, 0.5, 1.0, 2.0)


def _background(
    b: DemoBuilder, practices: list[Organisation], workers: list[User]
) -> list[Organisation]:
    """Everyday monitoring of the scheme's other practices; returns the ones monitored."""
    monitored = []
    for n, practice in enumerate(practices):
        rng = b.rng
        if rng.random() < 0.15:
            continue  # monitoring not started: nothing recorded
        monitored.append(practice)
        worker = workers[n % len(workers)]
        b.coverage(practice, worker, b.cal.coverage_start)
        b.weekly_work(
            practice,
            worker,
            b.cal.data_start,
            b.cal.end,
            practice_per_week=rng.choice(_RATES),
            community_per_week=rng.choice(_RATES),
        )
        b.quarterly_events(practice, b.cal.data_start, b.cal.end, rng.choice(_EVENT_GROUPS))
        if rng.random() < 0.65:
            role = rng.choices(
                (LeadRole.GP, LeadRole.PRACTICE_MANAGER, LeadRole.NURSE, None),
                weights=(45, 30, 10, 15),
            )[0]
            # Some records are over a year old by the period's end: stale, so no data.
            day = b.cal.data_start + timedelta(days=60 + rng.randrange(300))
            b.leadership(practice, day, role, in_meetings=rng.random() < 0.65)
        if rng.random() < 0.2:
            closes = b.cal.period.start - timedelta(days=rng.randrange(20, 120))
            targets = rng.choice((GOOD, SLIPPING))
            opened = closes - timedelta(days=25)
            b.nomad_round(practice, opened, closes, targets, rng.randint(6, 10))
    return monitored


def _quarters_with_encounters(
    cal: DemoCalendar, practices: list[Organisation]
) -> dict[Any, set[str]] | None:
    """Quarters with attended one-to-one encounters, per practice; None when the casework
    part has not been built (then no practice is preferred)."""
    if not Encounter.objects.filter(attended=True).exists():
        return None
    found: dict[Any, set[str]] = defaultdict(set)
    for practice_id, day in Encounter.objects.filter(
        practice__in=practices,
        attended=True,
        occurred_on__range=(cal.previous.start, cal.period.end),
    ).values_list("practice_id", "occurred_on"):
        found[practice_id].add(quarter_of(day).label)
    return found


def _cast(cal: DemoCalendar, candidates: list[Organisation]) -> dict[str, Organisation]:
    quarters = _quarters_with_encounters(cal, candidates)

    def fits(practice: Organisation, need: tuple[Period, ...]) -> bool:
        return quarters is None or {p.label for p in need} <= quarters.get(practice.pk, set())

    manager_practice, free = candidates[0], list(candidates[1:])
    cast: dict[str, Organisation] = {}
    if fits(manager_practice, (cal.previous, cal.period)):
        cast["changing"] = manager_practice
    else:
        cast["crimson"] = manager_practice
    for role, _, need in ROLES:
        if role in cast:
            continue
        choice = next((p for p in free if fits(p, _needs(cal, need))), free[0])
        cast[role] = choice
        free.remove(choice)
    return cast


@demo_part("implementation", order=60)
def build_implementation(ctx: DemoContext) -> dict[str, Any]:
    scheme = Scheme.objects.get(slug=SCHEME_SLUG)
    candidates = list(scheme.practices.order_by("name"))
    workers = list(
        User.objects.filter(
            memberships__scheme=scheme,
            memberships__role=Role.LINK_WORKER.value,
            username__startswith="lw-",
        )
        .distinct()
        .order_by("username")
    )
    demo_login = User.objects.filter(username="linkworker").first()
    recorder = User.objects.filter(username="schememanager").first() or workers[0]
    b = DemoBuilder(ctx, scheme, recorder)
    cast = _cast(b.cal, candidates)
    # Round the scheme's link workers as often as needed: a world staffed at a national
    # caseload may give the scheme only a few.
    pool = cycle(workers)
    everyone = [*workers, *([demo_login] if demo_login else [])]

    def two() -> tuple[User, User]:
        # A handover or cover is between two people: a small world's scheme may have one
        # link worker of its own, and the demo login stands in as the other.
        first, second = next(pool), next(pool)
        if second == first:
            second = next((u for u in everyone if u != first), first)
        return first, second

    _changing(b, cast["changing"], *two())
    _fully_integrated(b, cast["magenta"], demo_login or next(pool))
    _fully_integrated(b, cast["ochre"], next(pool))
    _cyan(b, cast["cyan"], *two())
    _new(b, cast["new"], next(pool))
    _crimson(b, cast["crimson"], next(pool))
    _cobalt(b, cast["cobalt"], next(pool))
    _olive(b, cast["olive"], next(pool))
    _turnover(b, cast["turnover"], *two())
    _leadership(b, cast)
    chosen = {p.pk for p in cast.values()}
    background = _background(b, [p for p in candidates if p.pk not in chosen], workers)
    b.save()

    labels = {role: label for role, label, _ in ROLES}
    ctx.plant("implementation", {str(p.pk): labels[role] for role, p in cast.items()})
    ctx.plant("implementation_background", sorted(str(p.pk) for p in background))
    ctx.plant(
        "implementation_trend",
        {str(cast["changing"].pk): {b.cal.previous.label: FULL, b.cal.period.label: PARTIAL}},
    )
    ctx.log(
        f"Implementation: {len(cast)} planted and {len(background)} background Glasgow City "
        f"practices monitored for {b.cal.period.label}, {len(b.records.activities)} "
        f"activities, {len(b.records.leadership)} leadership records, "
        f"{len(b.records.responses)} NoMAD responses."
    )
    return {
        "reference_date": b.cal.today.isoformat(),
        "period": b.cal.period.label,
        "practices": {role: str(p.pk) for role, p in cast.items()},
        "background_practices": len(background),
    }
