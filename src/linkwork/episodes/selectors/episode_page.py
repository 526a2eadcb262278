"""Everything the episode page shows, read in one place: the referral, its casework, what
triage needs to know, and the services that might help."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from django.db.models import QuerySet

from linkwork.accounts.models import User
from linkwork.core.dates import age_on
from linkwork.core.extensions import Panel, episode_panels, episode_safety_panels
from linkwork.directory.selectors import (
    SuggestedService,
    services_matching_any_age,
    suggested_services,
)
from linkwork.episodes.details import ReferralDetails
from linkwork.episodes.intake import IntakeProblem
from linkwork.episodes.lifecycle import TRANSITIONS, Status
from linkwork.episodes.models import Referral
from linkwork.episodes.permissions import Access, can_read_notes
from linkwork.episodes.selectors.caseload import link_workers_with_caseload
from linkwork.episodes.selectors.episode import EpisodeView, episode_view
from linkwork.episodes.selectors.intake import intake_check
from linkwork.episodes.selectors.referrals import referral_timeline, timeline_imports
from linkwork.episodes.selectors.vcse_inbox import needs_follow_up
from linkwork.episodes.timeline import TimelineEntry, timeline_entries
from linkwork.episodes.vocab import ConnectionKind, ConnectionStatus, GoalStatus, SharedDetail
from linkwork.people.models import Person
from linkwork.people.selectors import person_find_duplicates, person_key

# Casework can be recorded while the episode is in one of these statuses.
RECORDING_STATUSES = frozenset({Status.ACCEPTED, Status.WAITING, Status.ACTIVE})


@dataclass(frozen=True)
class EpisodePage:
    """What the episode page shows. Only `referral` and `access` are filled for a user who
    may see the referral but not work on it (a referrer, a practice manager)."""

    referral: Referral
    access: str
    episode: EpisodeView | None = None
    timeline: list[TimelineEntry] = field(default_factory=list)
    can_read_notes: bool = False
    next_statuses: frozenset[str] = frozenset()
    can_record: bool = False
    intake_problems: list[IntakeProblem] = field(default_factory=list)
    duplicates: list[tuple[Person, str]] = field(default_factory=list)
    link_workers: QuerySet[User] | None = None
    suggestions: list[SuggestedService] = field(default_factory=list)
    service_query: str = ""  # what the link worker searched the directory for, if anything
    # When the search found nothing for this person: how many services match the words
    # at any age, and the person's age, so the page can say it is the age that rules them out.
    service_query_any_age: int = 0
    person_age: int | None = None
    follow_up: set[uuid.UUID] = field(default_factory=set)
    goal_statuses: list[tuple[str, str]] = field(default_factory=list)
    connection_kinds: list[tuple[str, str]] = field(default_factory=list)
    connection_statuses: list[tuple[str, str]] = field(default_factory=list)
    shared_details: list[tuple[str, str]] = field(default_factory=list)
    # What apps above this one add beside the sessions (the diary's appointments).
    episode_panels: list[Panel] = field(default_factory=list)
    # What apps above this one add after the safety information (safeguarding).
    safety_panels: list[Panel] = field(default_factory=list)

    def as_context(self) -> dict[str, Any]:
        """The page's template context: one key per field."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def episode_page(
    *, user: User, referral: Referral, access: Access, today: date, service_query: str = ""
) -> EpisodePage:
    if access is not Access.CASEWORK:
        return EpisodePage(referral=referral, access=access.value)
    status = Status(referral.status)
    recording = status in RECORDING_STATUSES
    episode = episode_view(referral=referral)
    # Connected once in this episode is enough: that connection is updated instead.
    connected = {c.service_id for c in episode.connections if c.service_id is not None}
    age = age_on(referral.person.date_of_birth, today)
    suggestions = _suggestions(referral, age, connected, service_query) if recording else []
    any_age = (
        services_matching_any_age(
            text=service_query, region=referral.scheme.region, exclude=connected
        )
        if recording and service_query.strip() and not suggestions
        else 0
    )
    return EpisodePage(
        referral=referral,
        access=access.value,
        episode=episode,
        timeline=_timeline(referral),
        can_read_notes=can_read_notes(user=user, referral=referral),
        next_statuses=frozenset(s.value for s in TRANSITIONS[status]),
        can_record=recording,
        intake_problems=_intake_problems(referral) if status is Status.RECEIVED else [],
        duplicates=person_find_duplicates(
            scheme=referral.scheme, key=person_key(referral.person), exclude=referral.person
        ),
        link_workers=link_workers_with_caseload(referral.scheme),
        suggestions=suggestions,
        service_query=service_query,
        service_query_any_age=any_age,
        person_age=age,
        follow_up={c.pk for c in referral.connections.all() if needs_follow_up(c, today)},
        goal_statuses=GoalStatus.choices,
        connection_kinds=ConnectionKind.choices,
        connection_statuses=ConnectionStatus.choices,
        shared_details=SharedDetail.choices,
        episode_panels=[
            panel
            for provider in episode_panels.providers
            if (panel := provider(referral, user)) is not None
        ],
        safety_panels=[
            panel
            for provider in episode_safety_panels.providers
            if (panel := provider(referral, user)) is not None
        ],
    )


def _timeline(referral: Referral) -> list[TimelineEntry]:
    events = list(referral_timeline(referral=referral))
    imports = timeline_imports(events=events)
    return timeline_entries(events, referral=referral, imports=imports)


def _intake_problems(referral: Referral) -> list[IntakeProblem]:
    return intake_check(
        person=referral.person,
        scheme=referral.scheme,
        details=ReferralDetails(
            source=referral.source,
            received_on=referral.received_on,
            reasons=tuple(referral.reasons),
            exclusions=tuple(referral.screening),
        ),
        exclude=referral,
    )


def _suggestions(
    referral: Referral, age: int | None, connected: set[uuid.UUID], query: str
) -> list[SuggestedService]:
    return suggested_services(
        needs=list(referral.reasons),
        age=age,
        postcode=referral.person.postcode or None,
        region=referral.scheme.region,
        limit=10 if query else 5,
        exclude=connected,
        text=query,
    )
