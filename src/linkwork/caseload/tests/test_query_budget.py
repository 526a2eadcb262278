"""The caseload's pages run the same number of queries whatever the caseload's size: the list
(with each row's last contact, next appointment and flags), its counts, the export and a bulk
action's review page."""

from __future__ import annotations

import itertools
import string
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.testing.query_budget import assert_queries_flat, count_matches, measure
from linkwork.testing.world import SmallWorld

from .conftest import Start, book, client_for, session

pytestmark = pytest.mark.django_db

NAMES = r"Budget[A-Z]{2}"


@pytest.fixture
def add(world: SmallWorld, start: Start) -> Callable[[str], list[Referral]]:
    """Episodes named Budget + two letters, each with a session, a missed one and a booking."""

    slots = itertools.count()

    def adding(letters: str) -> list[Referral]:
        made = []
        for letter in letters:
            n = next(slots)
            referral = start(f"Budget{letter}{letter}", days_ago=40)
            session(world, referral, days_ago=20)
            session(world, referral, days_ago=10, attended=False)
            book(world, referral, days_ahead=1 + n // 9, hour=8 + n % 9)
            made.append(referral)
        return made

    return adding


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.SCHEME_MANAGER], ids=lambda r: r.value)
def test_the_list_is_flat(
    world: SmallWorld, add: Callable[[str], list[Referral]], role: Role
) -> None:
    add("AB")
    client = client_for(world.users[role])
    filters = {"sort": "next_appointment", "next_appointment": "booked", "risk": "none"}
    assert_queries_flat(
        lambda: client.get("/caseload/", filters),
        add_rows=lambda: add("CDEFGHIJ"),
        count_rows=count_matches(NAMES),
    )


def test_a_large_caseload_beyond_one_page_runs_the_same_queries(
    world: SmallWorld, add: Callable[[str], list[Referral]], settings: object
) -> None:
    settings.LINKWORK_PAGE_SIZE = 3  # type: ignore[attr-defined]
    add("ABC")
    client = client_for(world.users[Role.SCHEME_MANAGER])
    fetch = lambda: client.get("/caseload/")  # noqa: E731
    fetch()
    small = measure(fetch, count_matches(NAMES))
    add(string.ascii_uppercase[3:])
    large = measure(fetch, count_matches(NAMES))
    assert "Showing 1 to 3 of 26" in fetch().content.decode()
    assert (small.rows, large.rows) == (3, 3)
    assert small.count == large.count


def test_the_export_is_flat(world: SmallWorld, add: Callable[[str], list[Referral]]) -> None:
    add("AB")
    client = client_for(world.users[Role.SCHEME_MANAGER])
    assert_queries_flat(
        lambda: client.get(reverse("caseload:export")),
        add_rows=lambda: add("CDEFGH"),
        count_rows=count_matches(NAMES),
    )


@pytest.mark.parametrize("action", ["bulk_reassign", "bulk_remind", "bulk_close"])
def test_a_review_page_is_flat(
    world: SmallWorld, add: Callable[[str], list[Referral]], action: str
) -> None:
    chosen = add("AB")
    client: Client = client_for(world.users[Role.SCHEME_MANAGER])

    def review() -> object:
        return client.post(reverse(f"caseload:{action}"), {"episodes": [r.pk for r in chosen]})

    assert_queries_flat(
        review,  # type: ignore[arg-type]
        add_rows=lambda: chosen.extend(add("CDEFG")),
        count_rows=count_matches(NAMES),
    )
