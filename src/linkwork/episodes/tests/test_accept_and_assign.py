"""Triage accepts and assigns in one step, showing how many people each link worker supports."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.episodes.services.lifecycle import referral_assign
from linkwork.episodes.tests.test_referral_views import logged_in
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def test_accepting_with_a_link_worker_assigns_in_the_same_step(world: SmallWorld) -> None:
    referral = refer(world)
    worker = world.users[Role.LINK_WORKER]
    client = logged_in(world.users[Role.SCHEME_MANAGER])
    client.post(reverse("episodes:accept", args=[referral.pk]), {"link_worker": str(worker.pk)})
    referral.refresh_from_db()
    assert (referral.status, referral.link_worker) == ("waiting", worker)


def test_accepting_without_a_link_worker_puts_them_on_the_waiting_list(world: SmallWorld) -> None:
    referral = refer(world)
    client = logged_in(world.users[Role.SCHEME_MANAGER])
    client.post(reverse("episodes:accept", args=[referral.pk]), {"link_worker": ""})
    referral.refresh_from_db()
    assert (referral.status, referral.link_worker) == ("accepted", None)


def test_triage_shows_each_link_workers_current_caseload(world: SmallWorld) -> None:
    refer_and_start(world)
    refer_and_start(world, person={"given_name": "Bea", "nhs_number": ""})
    waiting = refer(world, person={"given_name": "Cy", "date_of_birth": date(1971, 3, 4)})
    page = logged_in(world.users[Role.SCHEME_MANAGER]).get(
        reverse("episodes:referral_detail", args=[waiting.pk])
    )
    worker = world.users[Role.LINK_WORKER]
    assert f"{worker} (2 people on their caseload)" in page.content.decode()


def test_assigning_to_the_current_link_worker_is_refused(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    with pytest.raises(DomainError, match="already supports"):
        referral_assign(referral=referral, link_worker=worker, actor=worker)


def test_home_counts_each_episode_once_however_many_sessions(world: SmallWorld) -> None:
    from linkwork.core import clock
    from linkwork.episodes.selectors.caseload import caseload_for
    from linkwork.episodes.services.encounters import encounter_record

    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    for _ in range(3):
        encounter_record(
            referral=referral,
            actor=worker,
            occurred_on=clock.today(),
            mode="telephone",
            duration_minutes=30,
        )
    caseload = caseload_for(user=worker, today=clock.today())
    assert caseload.counts == {"Active": 1}
