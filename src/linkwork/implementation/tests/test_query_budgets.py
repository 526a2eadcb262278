"""Implementation pages and the activity API run as many queries for six rows as for two:
the index, the activity log, a practice's events, continuity records, initiatives and survey
rounds, and a scheme's dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Membership, User
from linkwork.accounts.roles import Role
from linkwork.implementation.models import (
    Absence,
    Activity,
    ConcurrentInitiative,
    Coverage,
    Handover,
    PracticeEvent,
)
from linkwork.implementation.tests.helpers import Cast, agreeing, client_for, nomad_round
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation
from linkwork.organisations.services import organisation_create, scheme_create
from linkwork.testing.query_budget import assert_queries_flat, count_json_items, count_matches
from linkwork.testing.world import default_policy, make_user

pytestmark = pytest.mark.django_db

EXTRA = "CDEF"  # four more rows after the first two
START = date(2026, 1, 5)


def add_practices(cast: Cast, letters: str, *, manager: User | None = None) -> list[Organisation]:
    """Practices served by the scheme; with `manager`, managed by that practice manager."""
    practices = []
    for letter in letters:
        practice = organisation_create(
            name=f"Budget practice {letter}",
            kind=OrgKind.GP_PRACTICE,
            region=cast.world.england,
            parent=cast.world.pcn,
            list_size=5000,
        )
        cast.scheme.practices.add(practice)
        if manager is not None:
            Membership.objects.create(
                user=manager, organisation=practice, role=Role.PRACTICE_MANAGER.value
            )
        practices.append(practice)
    return practices


def add_schemes(cast: Cast, letters: str) -> None:
    for letter in letters:
        scheme_create(
            name=f"Budget scheme {letter}",
            region=cast.world.england,
            commissioner=cast.world.pcn_b,
            employer=cast.world.vcse,
            managers=[cast.world.vcse],
            practices=[cast.world.practice_b],
            policy=default_policy(),
        )


def test_index_queries_do_not_grow_with_managed_practices(cast: Cast) -> None:
    add_practices(cast, "AB", manager=cast.pm)
    client = client_for(cast.pm)
    assert_queries_flat(
        lambda: client.get(reverse("implementation:index")),
        add_rows=lambda: add_practices(cast, EXTRA, manager=cast.pm),
        count_rows=count_matches(r"Budget practice [A-Z]"),
    )


def test_index_queries_do_not_grow_with_schemes(cast: Cast) -> None:
    add_schemes(cast, "AB")
    client = client_for(cast.admin)  # system administrators see every scheme
    assert_queries_flat(
        lambda: client.get(reverse("implementation:index")),
        add_rows=lambda: add_schemes(cast, EXTRA),
        count_rows=count_matches(r"Budget scheme [A-Z]"),
    )


def test_index_queries_do_not_grow_with_a_link_workers_practices(cast: Cast) -> None:
    add_practices(cast, "AB")
    client = client_for(cast.lw)
    assert_queries_flat(
        lambda: client.get(reverse("implementation:index")),
        add_rows=lambda: add_practices(cast, EXTRA),
        count_rows=count_matches(r"Budget practice [A-Z]"),
    )


def add_activities(cast: Cast, letters: str) -> None:
    """This week's activities, at practices of their own and of both levels."""
    today = timezone.localdate()
    for n, (letter, practice) in enumerate(zip(letters, add_practices(cast, letters), strict=True)):
        Activity.objects.create(
            scheme=cast.scheme,
            practice=practice,
            link_worker=cast.lw,
            occurred_on=today,
            level="practice" if n % 2 else "community",
            kind="team_meeting" if n % 2 else "network_meeting",
            minutes=30,
            note=f"Budget note {letter}",
        )


def test_activity_week_queries_do_not_grow_with_activities(cast: Cast) -> None:
    add_activities(cast, "AB")
    client = client_for(cast.lw)
    assert_queries_flat(
        lambda: client.get(reverse("implementation:activity_week")),
        add_rows=lambda: add_activities(cast, EXTRA),
        count_rows=count_matches(r"Budget note [A-Z]"),
    )


def test_activity_list_api_queries_do_not_grow_with_activities(cast: Cast) -> None:
    add_activities(cast, "AB")
    client = client_for(cast.lw)
    assert_queries_flat(
        lambda: client.get(reverse("api:activity_list")),
        add_rows=lambda: add_activities(cast, EXTRA),
        count_rows=count_json_items(),
    )


def add_events(cast: Cast, letters: str) -> None:
    for n, letter in enumerate(letters):
        PracticeEvent.objects.create(
            practice=cast.practice,
            held_on=START + timedelta(days=n),
            kind="team_meeting",
            title=f"Budget event {letter}",
            gps=2,
            recorded_by=cast.pm if n % 2 else cast.sm,
        )


def test_events_queries_do_not_grow_with_events(cast: Cast) -> None:
    add_events(cast, "AB")
    client = client_for(cast.pm)
    assert_queries_flat(
        lambda: client.get(reverse("implementation:events", args=[cast.practice.pk])),
        add_rows=lambda: add_events(cast, EXTRA),
        count_rows=count_matches(r"Budget event [A-Z]"),
    )


def add_initiatives(cast: Cast, letters: str) -> None:
    for n, letter in enumerate(letters):
        ConcurrentInitiative.objects.create(
            practice=cast.practice,
            name=f"Budget initiative {letter}",
            started_on=START + timedelta(days=n),
            recorded_by=cast.pm if n % 2 else cast.sm,
        )


def test_initiatives_queries_do_not_grow_with_initiatives(cast: Cast) -> None:
    add_initiatives(cast, "AB")
    client = client_for(cast.pm)
    assert_queries_flat(
        lambda: client.get(reverse("implementation:initiatives", args=[cast.practice.pk])),
        add_rows=lambda: add_initiatives(cast, EXTRA),
        count_rows=count_matches(r"Budget initiative [A-Z]"),
    )


def add_continuity(cast: Cast, letters: str) -> None:
    """For each new link worker: a coverage, a leave with cover, and a handover to them."""
    for n, letter in enumerate(letters):
        worker = make_user(
            f"budget{letter.lower()}",
            role=Role.LINK_WORKER,
            organisation=cast.world.pcn,
            scheme=cast.scheme,
        )
        start = START + timedelta(days=30 * n)
        Coverage.objects.create(
            scheme=cast.scheme,
            practice=cast.practice,
            link_worker=worker,
            started_on=start,
            recorded_by=cast.sm,
        )
        Absence.objects.create(
            practice=cast.practice,
            link_worker=worker,
            kind="annual_leave",
            started_on=start + timedelta(days=7),
            ended_on=start + timedelta(days=11),
            cover="full",
            cover_by=cast.lw,
            recorded_by=cast.sm,
        )
        Handover.objects.create(
            practice=cast.practice,
            outgoing=cast.lw2,
            incoming=worker,
            outgoing_last_day=start + timedelta(days=2),
            incoming_first_day=start,
            recorded_by=cast.sm,
        )


def test_continuity_queries_do_not_grow_with_records(cast: Cast) -> None:
    add_continuity(cast, "AB")
    client = client_for(cast.pm)
    assert_queries_flat(
        lambda: client.get(reverse("implementation:continuity", args=[cast.practice.pk])),
        add_rows=lambda: add_continuity(cast, EXTRA),
        count_rows=count_matches(r"Budget[a-z] Tester"),
    )


def add_rounds(cast: Cast, count: int) -> None:
    """Rounds past their closing date (some closed early) with enough answers to report."""
    for n in range(count):
        nomad_round(
            cast.practice,
            cast.pm,
            answers=[agreeing(4)] * 6,
            closes_on=START + timedelta(days=40 * n),
            closed=bool(n % 3),
        )


def test_nomad_rounds_queries_do_not_grow_with_rounds(cast: Cast) -> None:
    add_rounds(cast, 2)
    client = client_for(cast.pm)
    assert_queries_flat(
        lambda: client.get(reverse("implementation:nomad_rounds", args=[cast.practice.pk])),
        add_rows=lambda: add_rounds(cast, 4),
        count_rows=count_matches(r"/implementation/nomad/([0-9a-f-]{36})/"),
    )


def test_scheme_dashboard_queries_do_not_grow_with_practices(cast: Cast) -> None:
    add_practices(cast, "AB")
    client = client_for(cast.sm)
    assert_queries_flat(
        lambda: client.get(reverse("implementation:scheme_dashboard", args=[cast.scheme.slug])),
        add_rows=lambda: add_practices(cast, EXTRA),
        count_rows=count_matches(r"Budget practice [A-Z]"),
    )
