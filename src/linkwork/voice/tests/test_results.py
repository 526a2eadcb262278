"""Feedback results by scheme: small numbers suppressed (primary and secondary), figures
right, comments only for the scheme's managers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypedDict

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.organisations.models import Scheme
from linkwork.organisations.services import scheme_create
from linkwork.testing.world import SmallWorld, default_policy
from linkwork.voice.questionnaire import ITEMS
from linkwork.voice.selectors import feedback_results
from linkwork.voice.tests.helpers import EVERY_ANSWER_AGREE, answered

pytestmark = pytest.mark.django_db

DISAGREE = dict.fromkeys(EVERY_ANSWER_AGREE, "disagree")


def other_scheme(world: SmallWorld, name: str) -> Scheme:
    return scheme_create(
        name=name,
        region=world.england,
        commissioner=world.pcn,
        employer=world.pcn,
        managers=[world.pcn],
        practices=[world.practice],
        policy=default_policy(),
    )


class Year(TypedDict):
    since: date
    until: date


def _year() -> Year:
    today = timezone.localdate()
    return {"since": today - timedelta(days=364), "until": today}


def test_small_schemes_are_hidden_and_the_next_smallest_with_them(world: SmallWorld) -> None:
    small, middle, large = world.scheme, other_scheme(world, "B"), other_scheme(world, "C")
    answered(world, small, 3)
    answered(world, middle, 12)
    answered(world, large, 12, answers=EVERY_ANSWER_AGREE)
    answered(world, large, 13, answers=DISAGREE)
    results = feedback_results(scheme_ids=[small.pk, middle.pk, large.pk], threshold=10, **_year())
    rows = {row["scheme"]: row for row in results.rows}
    # Primary: 3 answers is below 10; nothing of it is shown, not even the count.
    assert rows[small.name]["suppressed"] is True
    assert rows[small.name]["n"] is None
    assert rows[small.name]["listened"] is None
    # Secondary: the total (30) is shown, so the next smallest (12) hides too.
    assert rows["B"]["suppressed"] is True
    assert rows["B"]["n"] is None
    assert rows["C"] == {
        "scheme": "C",
        "n": 25,
        "listened": 48,  # 12 of 25 agreed, 13 did not: neither a small group
        "what_mattered": 48,
        "connected": 48,
        # "Neither" is not agreeing, so nobody agreed: 0% would tell each person's answer.
        "better_able": None,
        "recommend": 48,
        "suppressed": False,
        "hidden": ["better_able"],
    }
    assert results.total is not None
    assert results.total["n"] == 40
    assert results.total["listened"] == 68  # 27 of 40


def test_one_scheme_at_the_threshold_is_shown_and_below_it_is_not(world: SmallWorld) -> None:
    answered(world, world.scheme, 9)
    hidden = feedback_results(scheme_ids=[world.scheme.pk], threshold=10, **_year())
    assert hidden.rows[0]["suppressed"] is True
    assert hidden.total is None
    answered(world, world.scheme, 1)
    shown = feedback_results(scheme_ids=[world.scheme.pk], threshold=10, **_year())
    assert shown.rows[0]["n"] == 10
    # Every one of the 10 agreed: 100% would tell each of them's answer, so it is withheld.
    assert shown.rows[0]["listened"] is None
    assert shown.rows[0]["hidden"] == [item.code for item in ITEMS]


def test_a_small_group_disagreeing_is_not_told_by_the_percentage(world: SmallWorld) -> None:
    answered(world, world.scheme, 12)
    answered(world, world.scheme, 3, answers=DISAGREE)
    row = feedback_results(scheme_ids=[world.scheme.pk], threshold=10, **_year()).rows[0]
    # 12 of 15 is 80%, which tells that 3 people disagreed: withheld, the count shown.
    assert row["suppressed"] is False
    assert row["n"] == 15
    assert row["listened"] is None
    answered(world, world.scheme, 7, answers=DISAGREE)
    row = feedback_results(scheme_ids=[world.scheme.pk], threshold=10, **_year()).rows[0]
    assert row["listened"] == 55  # 12 of 22, and 10 did not agree


def _page(client: Client) -> str:
    response = client.get(reverse("voice:feedback_results"))
    assert response.status_code == 200
    return response.content.decode()


def test_managers_see_suppressed_results_and_the_comments(world: SmallWorld, settings) -> None:
    settings.LINKWORK_SUPPRESSION_THRESHOLD = 10
    answered(world, world.scheme, 3, comment="The walking group changed my week.")
    client = Client()
    manager = world.users[Role.SCHEME_MANAGER]
    client.force_login(manager)
    page = _page(client)
    assert "Too few answers to show" in page
    assert ">3<" not in page
    assert "The walking group changed my week." in page
    # Reading the comments is audited, naming the people whose comments were shown.
    read = AuditEvent.objects.filter(actor=manager, object_type="feedback_comment").get()
    assert read.subjects.count() == 3


def test_commissioners_see_the_results_but_never_the_comments(world: SmallWorld) -> None:
    answered(world, world.scheme, 12, comment="The walking group changed my week.")
    client = Client()
    client.force_login(world.users[Role.COMMISSIONER])
    page = _page(client)
    assert world.scheme.name in page
    assert ">10<" in page  # 12, rounded to the nearest 5 for those outside the scheme
    assert "walking group" not in page
    assert "Comments" not in page


def test_counts_are_exact_for_the_schemes_managers_and_rounded_for_commissioners(
    world: SmallWorld, settings
) -> None:
    settings.LINKWORK_SUPPRESSION_THRESHOLD = 10
    settings.LINKWORK_ROUNDING_BASE = 5
    answered(world, world.scheme, 12)
    answered(world, world.scheme, 11, answers=DISAGREE)
    manager, commissioner = Client(), Client()
    manager.force_login(world.users[Role.SCHEME_MANAGER])
    commissioner.force_login(world.users[Role.COMMISSIONER])
    exact = _page(manager)
    assert "<td>23</td>" in exact
    assert "<td>52%</td>" in exact  # 12 of 23
    assert "rounded to the nearest" not in exact
    rounded = _page(commissioner)
    assert "<td>25</td>" in rounded
    assert "<td>40%</td>" in rounded  # 10 of 25: from the rounded counts, not 12 of 23
    assert "Counts are rounded to the nearest 5" in rounded


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.REFERRER_GP, Role.PRACTICE_MANAGER])
def test_other_roles_are_refused(world: SmallWorld, role: Role) -> None:
    client = Client()
    client.force_login(world.users[role])
    assert client.get(reverse("voice:feedback_results")).status_code == 403
