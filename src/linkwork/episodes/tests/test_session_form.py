"""The session form offers only what the scheme's policy lets a link worker record."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.organisations.services import scheme_policy_set
from linkwork.testing.world import SmallWorld, default_policy, refer_and_start

pytestmark = pytest.mark.django_db


def _worker(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    return client


@pytest.mark.parametrize("home_visits", [True, False])
def test_the_session_form_offers_a_home_visit_only_where_the_scheme_makes_them(
    world: SmallWorld, home_visits: bool
) -> None:
    scheme_policy_set(scheme=world.scheme, policy=default_policy(home_visits=home_visits))
    referral = refer_and_start(world)
    page = _worker(world).get(reverse("episodes:referral_detail", args=[referral.pk]))
    assert page.status_code == 200
    assert ('value="home_visit"' in page.content.decode()) is home_visits
