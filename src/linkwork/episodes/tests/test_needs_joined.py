"""Need labels hold commas ("Debt, benefits or money"), so a referral's needs are set apart by
semicolons wherever they are listed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db

REASONS = ("debt_benefits_money", "housing")
JOINED = "Debt, benefits or money; Housing"


def test_a_referrals_needs_are_set_apart_by_semicolons(world: SmallWorld) -> None:
    referral = refer_and_start(world, reasons=REASONS)
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    episode = client.get(reverse("episodes:referral_detail", args=[referral.pk]))
    assert JOINED in episode.content.decode()
    person = client.get(reverse("people:person_detail", args=[referral.person_id]))
    assert JOINED in person.content.decode()
