"""Equalities answers and group work in the demo world.

Equalities: most people were asked each monitoring question; some preferred not to say, and
some schemes' records were never asked ("not asked"), so the pages, the common dataset and the
evaluation's equity breakdowns all have answers, refusals and gaps to show. Each part draws
from its own seeded stream, after the casework and outcomes are built, so the rest of the world
is the same with or without them.

Groups: in each study scheme a walking group and a coffee morning, met weekly over the last
weeks, each session with a few people from the caseload (active episodes), recorded through the
groups service as a link worker would, so every attendee has a group session on their episode.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.demo.context import DemoContext, demo_part, part_stream
from linkwork.demo.parts.staff_logins import DEMO_LOGINS
from linkwork.demo.parts.summaries import STUDY_REGIONS
from linkwork.episodes.models import Referral
from linkwork.groups.models import GroupActivity
from linkwork.groups.services import SessionDetails, group_activity_create, group_session_record
from linkwork.organisations.models import Scheme
from linkwork.people.equalities import NOT_ASKED, NOT_STATED, QUESTIONS
from linkwork.people.models import Person

# Share of people never asked (their scheme does not ask, or not yet), and of those asked,
# who prefer not to say.
NOT_ASKED_SHARE = 0.25
NOT_STATED_SHARE = 0.1
# Rough shares among the answers of people supported by link workers (older, more often
# disabled and carers than the population).
ANSWER_WEIGHTS: dict[str, dict[str, int]] = {
    "disability": {"yes_a_lot": 25, "yes_a_little": 25, "no": 50},
    "religion": {
        "none": 38,
        "christian": 44,
        "muslim": 8,
        "hindu": 2,
        "sikh": 1,
        "jewish": 1,
        "buddhist": 1,
        "other": 2,
    },
    "sexual_orientation": {
        "heterosexual": 88,
        "gay_lesbian": 3,
        "bisexual": 2,
        "other": 1,
        "not_sure": 2,
    },
    "carer": {"yes": 22, "no": 78},
    "armed_forces": {"serving": 1, "veteran": 6, "family": 8, "no": 85},
}
GROUPS = (
    ("Walking group", "walking", "Park gates, main entrance"),
    ("Coffee morning", "social", "Community centre, small hall"),
)
WEEKS = 6
GROUP_SCHEMES = 2  # per region, the busiest, and every demo login's: quick to build
ATTENDEES = (2, 6)
OPEN_FOR_GROUPS = ("waiting", "active")


def _answer(rng: Any, field: str) -> str:
    if rng.random() < NOT_ASKED_SHARE:
        return NOT_ASKED
    if rng.random() < NOT_STATED_SHARE:
        return NOT_STATED
    weights = ANSWER_WEIGHTS[field]
    return str(rng.choices(list(weights), weights=list(weights.values()))[0])


@demo_part("equalities", order=56)
def build_equalities(ctx: DemoContext) -> dict[str, Any]:
    rng = part_stream(ctx.seed, "equalities")
    people = list(
        Person.objects.filter(scheme__region__slug__in=STUDY_REGIONS).order_by("pk").only("pk")
    )
    fields = [question.field for question in QUESTIONS]
    for person in people:
        for field in fields:
            setattr(person, field, _answer(rng, field))
    Person.objects.bulk_update(people, fields, batch_size=1000)
    ctx.log(f"Equalities: answers for {len(people)} people.")
    return {"people": len(people)}


def _link_worker(scheme: Scheme) -> User | None:
    membership = (
        Membership.objects.filter(scheme=scheme, role=Role.LINK_WORKER.value)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def _group_schemes() -> list[Scheme]:
    """The busiest schemes of each study region (by open episodes), and those where the demo
    logins work, in a fixed order."""
    chosen: dict[Any, Scheme] = {}
    for region in STUDY_REGIONS:
        busiest = (
            Scheme.objects.filter(region__slug=region)
            .annotate(
                open_episodes=Count("referrals", filter=Q(referrals__status__in=OPEN_FOR_GROUPS))
            )
            .order_by("-open_episodes", "name")[:GROUP_SCHEMES]
        )
        chosen.update((scheme.pk, scheme) for scheme in busiest)
    logins = Scheme.objects.filter(
        memberships__user__username__in=[login.username for login in DEMO_LOGINS]
    ).order_by("name")
    chosen.update((scheme.pk, scheme) for scheme in logins)
    return sorted(chosen.values(), key=lambda scheme: (scheme.name, str(scheme.pk)))


@demo_part("groups", order=57)
def build_groups(ctx: DemoContext) -> dict[str, Any]:
    rng = part_stream(ctx.seed, "groups")
    sessions = attendances = 0
    for scheme in _group_schemes():
        worker = _link_worker(scheme)
        active = list(
            Referral.objects.filter(
                scheme=scheme, status__in=OPEN_FOR_GROUPS, link_worker__isnull=False
            )
            .select_related("person")
            .order_by("received_on", "pk")
        )
        if worker is None or len(active) < ATTENDEES[0]:
            continue
        for name, kind, place in GROUPS:
            activity = GroupActivity.objects.filter(scheme=scheme, name=name).first()
            activity = activity or group_activity_create(
                scheme=scheme, actor=worker, name=name, kind=kind
            )
            for week in range(WEEKS, 0, -1):
                day = ctx.today - timedelta(days=7 * week - rng.randrange(3))
                eligible = [r for r in active if r.received_on <= day]
                if len(eligible) < ATTENDEES[0]:
                    continue
                chosen = rng.sample(eligible, min(len(eligible), rng.randint(*ATTENDEES)))
                try:
                    group_session_record(
                        activity=activity,
                        actor=worker,
                        details=SessionDetails(
                            facilitator=worker,
                            occurred_on=day,
                            place=place,
                            duration_minutes=rng.choice((60, 90, 120)),
                            attendees=chosen,
                            others=rng.randint(0, 4),
                        ),
                    )
                except DomainError:
                    continue  # an attendee at their session cap: that week is left out
                sessions += 1
                attendances += len(chosen)
    ctx.log(f"Groups: {sessions} group sessions, {attendances} attendances.")
    return {"group_sessions": sessions, "group_attendances": attendances}
