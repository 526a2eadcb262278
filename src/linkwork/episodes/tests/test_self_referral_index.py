"""The public list of schemes that take self-referrals, and the way to it from the sign-in page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.organisations.services import scheme_policy_set
from linkwork.testing.world import SmallWorld, default_policy, refer

pytestmark = pytest.mark.django_db


def test_it_lists_each_scheme_taking_self_referrals_with_a_link_to_its_form(
    world: SmallWorld,
) -> None:
    response = Client().get(reverse("episodes:self_referral_index"))
    assert response.status_code == 200
    page = response.content.decode()
    for scheme in (world.scheme, world.scot_scheme):
        assert scheme.name in page
        assert f'href="{reverse("episodes:self_referral", args=[scheme.slug])}"' in page


def test_a_scheme_not_taking_self_referrals_is_not_listed(world: SmallWorld) -> None:
    scheme_policy_set(scheme=world.scot_scheme, policy=default_policy(accepted_sources=("gp",)))
    page = Client().get(reverse("episodes:self_referral_index")).content.decode()
    assert world.scheme.name in page
    assert world.scot_scheme.name not in page
    assert reverse("episodes:self_referral", args=[world.scot_scheme.slug]) not in page


def test_it_shows_no_identifiable_data(world: SmallWorld) -> None:
    refer(world, person={"given_name": "Augusta", "family_name": "Byron"})
    page = Client().get(reverse("episodes:self_referral_index")).content.decode()
    assert "Augusta" not in page
    assert "Byron" not in page
    assert "1960" not in page  # the date of birth


def test_the_sign_in_page_links_to_it(world: SmallWorld) -> None:
    page = Client().get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("episodes:self_referral_index")}">Refer yourself to a link worker<' in (
        page
    )
