"""The link work home pages open with the user's caseload in a sentence, not a description of
the scheme."""

from __future__ import annotations

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.episodes.home_words import caseload_lead
from linkwork.episodes.services.encounters import encounter_record
from linkwork.testing.world import SmallWorld, refer, refer_and_start


def test_the_caseload_in_a_sentence() -> None:
    assert caseload_lead(active=9, waiting=3, triage=1, sessions_today=2, managed=False) == (
        "12 people on your caseload (9 active, 3 waiting for a first session). "
        "2 sessions today; 1 referral to triage."
    )
    assert caseload_lead(active=1, waiting=0, triage=0, sessions_today=1, managed=False) == (
        "1 person on your caseload (1 active). 1 session today."
    )
    assert caseload_lead(active=0, waiting=0, triage=0, sessions_today=0, managed=False) == (
        "Nobody on your caseload yet. No sessions recorded today."
    )
    assert caseload_lead(active=4, waiting=2, triage=3, sessions_today=0, managed=True) == (
        "6 people supported by your scheme now (4 active, 2 waiting for a first session). "
        "No sessions recorded today; 3 referrals to triage."
    )


def _lead(world: SmallWorld, role: Role) -> str:
    client = Client()
    client.force_login(world.users[role])
    html = client.get("/").content.decode()
    return html.split('data-testid="home-lead">', 1)[1].split("</p>", 1)[0]


@pytest.mark.django_db
def test_the_link_worker_home_describes_their_caseload(world: SmallWorld) -> None:
    first = refer_and_start(world)
    refer_and_start(world, person={"given_name": "Alex"})
    refer(world, person={"given_name": "Robin"})  # to triage
    encounter_record(
        referral=first,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=clock.today(),
        mode="telephone",
        duration_minutes=30,
    )
    assert _lead(world, Role.LINK_WORKER) == (
        "2 people on your caseload (1 active, 1 waiting for a first session). "
        "1 session today; 1 referral to triage."
    )
    assert _lead(world, Role.SCHEME_MANAGER).startswith("2 people supported by your scheme now")
