"""Reads of implementation records: a link worker's week, a practice's events, continuity,
initiatives, leadership and survey rounds. The assessment's reads live in `assessment`."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import organisation_ids_for, scheme_ids_for
from linkwork.core import clock
from linkwork.episodes.selectors.sessions import encounter_minutes_by_practice
from linkwork.implementation.assessment import practice_indicator_rows
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
from linkwork.implementation.nomad import RoundScores, is_reportable, score_round
from linkwork.implementation.permissions import (
    PRACTICE_MANAGERS,
    SCHEME_MANAGERS,
    is_system_admin,
)
from linkwork.implementation.vocab import Level, RespondentGroup
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Scheme
from linkwork.stats.suppression import suppress_rows

__all__ = [
    "ContinuityRecords",
    "RoundSummary",
    "WeekLog",
    "activity_week",
    "managed_practices",
    "managed_schemes",
    "practice_continuity",
    "practice_events",
    "practice_indicator_rows",  # the common dataset export's entry point (in `assessment`)
    "practice_initiatives",
    "practice_leadership",
    "practice_link_workers",
    "practice_rounds",
    "round_summary",
    "scheme_practices",
    "week_start",
]


def week_start(day: date) -> date:
    """The Monday of the week that contains `day`."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class WeekLog:
    start: date
    days: list[tuple[date, list[Activity]]]
    practice_minutes: int
    community_minutes: int
    patient_minutes: int  # encounters at the link worker's practices, all link workers
    count: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


def activity_week(*, user: User, start: date, practice_ids: list[uuid.UUID]) -> WeekLog:
    """One link worker's logged activity for the week from Monday `start`, by day."""
    end = start + timedelta(days=6)
    entries = list(
        Activity.objects.filter(link_worker=user, occurred_on__range=(start, end))
        .select_related("practice")
        .order_by("occurred_on", "created_at")
    )
    by_day: dict[date, list[Activity]] = {start + timedelta(days=n): [] for n in range(7)}
    for entry in entries:
        by_day[entry.occurred_on].append(entry)
    patient = encounter_minutes_by_practice(practice_ids=practice_ids, start=start, end=end)
    return WeekLog(
        start=start,
        days=[(day, items) for day, items in by_day.items() if items or day.weekday() < 5],
        practice_minutes=sum(e.minutes for e in entries if e.level == Level.PRACTICE),
        community_minutes=sum(e.minutes for e in entries if e.level == Level.COMMUNITY),
        patient_minutes=sum(patient.values()),
        count=len(entries),
    )


def practice_events(*, practice: Organisation) -> QuerySet[PracticeEvent]:
    return PracticeEvent.objects.filter(practice=practice).order_by("-held_on", "-created_at")


@dataclass(frozen=True, slots=True)
class ContinuityRecords:
    coverage: list[Coverage]
    absences: list[Absence]
    handovers: list[Handover]


def practice_continuity(*, practice: Organisation) -> ContinuityRecords:
    return ContinuityRecords(
        coverage=list(
            Coverage.objects.filter(practice=practice)
            .select_related("link_worker")
            .order_by("-started_on")
        ),
        absences=list(
            Absence.objects.filter(practice=practice)
            .select_related("link_worker", "cover_by")
            .order_by("-started_on")
        ),
        handovers=list(
            Handover.objects.filter(practice=practice)
            .select_related("outgoing", "incoming")
            .order_by("-incoming_first_day")
        ),
    )


def practice_initiatives(*, practice: Organisation) -> QuerySet[ConcurrentInitiative]:
    return ConcurrentInitiative.objects.filter(practice=practice).order_by("-started_on")


def practice_leadership(*, practice: Organisation) -> QuerySet[PracticeLeadership]:
    """The practice's leadership records, the one in force (latest) first."""
    return PracticeLeadership.objects.filter(practice=practice).order_by(
        "-recorded_on", "-created_at"
    )


def practice_link_workers(*, practice: Organisation) -> QuerySet[User]:
    """Active link workers of the schemes serving the practice: who can cover it."""
    user_ids = Membership.objects.filter(
        role=Role.LINK_WORKER.value, ended_on__isnull=True, scheme__practices=practice
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids).order_by("last_name", "first_name", "username")


def managed_practices(*, user: User) -> QuerySet[Organisation]:
    """Practices whose dashboards the user sees as a practice manager."""
    ids = organisation_ids_for(user=user, roles=PRACTICE_MANAGERS)
    return Organisation.objects.filter(pk__in=ids, kind=OrgKind.GP_PRACTICE.value).order_by("name")


def managed_schemes(*, user: User) -> QuerySet[Scheme]:
    """Schemes whose dashboards the user sees: their own as scheme manager, all for admins."""
    if is_system_admin(user):
        return Scheme.objects.select_related("region").order_by("region__name", "name")
    ids = scheme_ids_for(user=user, roles=SCHEME_MANAGERS)
    return Scheme.objects.filter(pk__in=ids).select_related("region").order_by("name")


def scheme_practices(*, scheme: Scheme) -> list[Organisation]:
    return list(scheme.practices.filter(kind=OrgKind.GP_PRACTICE.value).order_by("name"))


# --- NoMAD rounds, as managers see them -------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoundSummary:
    """What a manager may see of a round. Until the round is reportable (closed, with at
    least `minimum` responses) it carries no scores and no counts beyond "fewer than N"."""

    survey: NomadRound
    links_issued: int
    is_open: bool
    reportable: bool
    minimum: int
    responses: int | None = None
    scores: RoundScores | None = None
    groups: list[dict[str, object]] = field(default_factory=list)

    @property
    def responses_text(self) -> str:
        if self.responses is None:
            return f"Fewer than {self.minimum}, or the round is still open"
        return str(self.responses)


def _summary(survey: NomadRound, links: int, responses: int, today: date) -> RoundSummary:
    is_open = survey.closed_on is None and survey.opened_on <= today <= survey.closes_on
    closed = survey.closed_on is not None or today > survey.closes_on
    minimum = survey.min_responses
    if not is_reportable(responses=responses, closed=closed, minimum=minimum):
        return RoundSummary(survey, links, is_open, reportable=False, minimum=minimum)
    # `.all()` reads the responses `practice_rounds` prefetched for every round at once.
    answer_sets = [(response.answers, response.staff_group) for response in survey.responses.all()]
    counts = Counter(group for _, group in answer_sets)
    rows = [{"group": label, "n": counts.get(code, 0)} for code, label in RespondentGroup.choices]
    return RoundSummary(
        survey,
        links,
        is_open,
        reportable=True,
        minimum=minimum,
        responses=responses,
        scores=score_round(answers for answers, _ in answer_sets),
        groups=suppress_rows(rows, threshold=minimum, label_keys=("group",)),
    )


def practice_rounds(*, practice: Organisation, today: date | None = None) -> list[RoundSummary]:
    today = today or clock.today()
    rounds = (
        NomadRound.objects.filter(practice=practice)
        .annotate(
            link_count=Count("links", distinct=True),
            response_count=Count("responses", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=NomadResponse.objects.only("round_id", "answers", "staff_group"),
            )
        )
        .order_by("-opened_on", "-created_at")
    )
    return [_summary(r, r.link_count, r.response_count, today) for r in rounds]


def round_summary(*, survey: NomadRound, today: date | None = None) -> RoundSummary:
    today = today or clock.today()
    return _summary(survey, survey.links.count(), survey.responses.count(), today)


def own_activities(*, user: User, start: date, days: int = 7) -> list[Activity]:
    """A link worker's own activity log for `days` days from `start`."""
    return list(
        Activity.objects.filter(
            link_worker=user, occurred_on__range=(start, start + timedelta(days=days - 1))
        ).order_by("occurred_on", "created_at")
    )


def usual_practice_id(*, user: User) -> uuid.UUID | None:
    """The practice a link worker covers now (the latest coverage they started), if any."""
    return (
        Coverage.objects.filter(link_worker=user, ended_on__isnull=True)
        .order_by("-started_on")
        .values_list("practice_id", flat=True)
        .first()
    )


def continuity_people(*, practice: Organisation) -> QuerySet[User]:
    """Who may appear in continuity forms: the serving schemes' link workers, and anyone who
    has covered the practice before (they may since have left the scheme)."""
    past = Coverage.objects.filter(practice=practice).values("link_worker_id")
    return (practice_link_workers(practice=practice) | User.objects.filter(pk__in=past)).order_by(
        "last_name", "first_name", "username"
    )


def link_worker_schemes_for(*, user: User, practice: Organisation) -> list[Scheme]:
    """Schemes serving `practice` in which `user` is an active link worker, by name."""
    return list(
        Scheme.objects.filter(
            practices=practice,
            memberships__user=user,
            memberships__role=Role.LINK_WORKER.value,
            memberships__ended_on__isnull=True,
        )
        .distinct()
        .order_by("name")
    )
