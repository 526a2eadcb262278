"""Questionnaire lists run as many queries for six rows as for two: the due list with its risk
alerts (page and API), a person's questionnaires (page and API)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.outcomes.services import Questionnaire, administration_record
from linkwork.testing.query_budget import assert_queries_flat, count_json_items, count_matches
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db

EXTRA = "CDEF"  # four more rows after the first two
PEOPLE = r"Quill[A-Z]\b"
PHQ9_WITH_RISK = [1, 1, 1, 1, 1, 1, 1, 1, 2]  # the last item raises a risk alert


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def add_episodes(make_episode, link_worker: User) -> Callable[[str], None]:
    """Episodes with questionnaires due; every other one with an open risk alert too."""

    def add(letters: str) -> None:
        for n, letter in enumerate(letters):
            referral = make_episode(sessions=1, days_ago=20, family_name=f"Quill{letter}")
            if n % 2 == 0:
                administration_record(
                    referral=referral,
                    actor=link_worker,
                    questionnaire=Questionnaire(
                        "phq9",
                        "baseline",
                        referral.received_on + timedelta(days=7),
                        "with_link_worker",
                    ),
                    responses=PHQ9_WITH_RISK,
                )

    return add


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.SCHEME_MANAGER])
def test_due_page_queries_do_not_grow_with_the_caseload(
    tools_world: SmallWorld, add_episodes, role: Role
) -> None:
    add_episodes("AB")
    client = client_for(tools_world.users[role])
    assert_queries_flat(
        lambda: client.get(reverse("outcomes:due")),
        add_rows=lambda: add_episodes(EXTRA),
        count_rows=count_matches(PEOPLE),
    )


def test_due_api_queries_do_not_grow_with_the_caseload(
    tools_world: SmallWorld, add_episodes, link_worker: User
) -> None:
    add_episodes("AB")
    client = client_for(link_worker)
    assert_queries_flat(
        lambda: client.get(reverse("api:due_list")),
        add_rows=lambda: add_episodes(EXTRA),
        count_rows=count_json_items(),
    )


# Six questionnaires one person can have in one episode: three tools, two time points each.
GIVEN = [
    ("swemwbs", "baseline", [3] * 7),
    ("gad7", "baseline", [1] * 7),
    ("phq9", "baseline", PHQ9_WITH_RISK),
    ("swemwbs", "review", [4] * 7),
    ("gad7", "review", [0] * 7),
    ("phq9", "review", [0] * 9),
]


def give(referral: Referral, actor: User, given: list[tuple[str, str, list[int]]]) -> None:
    for day, (instrument, timepoint, responses) in enumerate(given, start=7):
        administration_record(
            referral=referral,
            actor=actor,
            questionnaire=Questionnaire(
                instrument,
                timepoint,
                referral.received_on + timedelta(days=day),
                "with_link_worker",
            ),
            responses=responses,
        )


@pytest.fixture
def episode(make_episode) -> Referral:
    return make_episode(sessions=2, days_ago=60)


def test_person_outcomes_page_queries_do_not_grow_with_questionnaires(
    episode: Referral, link_worker: User
) -> None:
    give(episode, link_worker, GIVEN[:2])
    client = client_for(link_worker)
    assert_queries_flat(
        lambda: client.get(reverse("outcomes:person", args=[episode.person_id])),
        add_rows=lambda: give(episode, link_worker, GIVEN[2:]),
        # Each questionnaire in the history tables links to its own page.
        count_rows=count_matches(r"/outcomes/administrations/[0-9a-f-]{36}/"),
    )


def test_person_administrations_api_queries_do_not_grow_with_questionnaires(
    episode: Referral, link_worker: User
) -> None:
    give(episode, link_worker, GIVEN[:2])
    client = client_for(link_worker)
    assert_queries_flat(
        lambda: client.get(reverse("api:person_administrations", args=[episode.person_id])),
        add_rows=lambda: give(episode, link_worker, GIVEN[2:]),
        count_rows=count_json_items(),
    )


def test_instrument_list_api_reads_no_outcome_tables(world: SmallWorld) -> None:
    """The built-in instruments are defined in code, so their number cannot change the
    queries; the endpoint reads only the signed-in user's session."""
    client = client_for(world.users[Role.LINK_WORKER])
    client.get(reverse("api:instrument_list"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("api:instrument_list"))
    assert response.status_code == 200
    assert len(response.json()) > 2
    assert not [q["sql"] for q in captured.captured_queries if "outcomes_" in q["sql"]]
