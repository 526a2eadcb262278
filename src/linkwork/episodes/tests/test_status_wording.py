"""Statuses and choices say what they mean to the person reading them."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.episodes.lifecycle import Status
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def _page(world: SmallWorld, referral_id: object) -> str:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    return client.get(reverse("episodes:referral_detail", args=[referral_id])).content.decode()


def test_an_assigned_episode_waits_for_a_first_session(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    assert referral.status == Status.WAITING
    assert referral.get_status_display() == "Waiting for a first session"
    assert "Waiting for a first session" in _page(world, referral.pk)


def test_triage_may_leave_the_link_worker_for_later(world: SmallWorld) -> None:
    referral = refer(world)
    page = _page(world, referral.pk)
    assert '<option value="" selected>Nobody yet: assign a link worker later</option>' in page
    assert "waiting list" not in page.split('name="link_worker"', 1)[1].split("</select>", 1)[0]


def test_a_referral_reads_its_date_in_words(world: SmallWorld) -> None:
    referral = refer(world, received_on=date(2025, 3, 7))
    assert str(referral) == f"Referral of {referral.person} on 7 March 2025"
