"""The commissioner's and the researcher's home pages show what their words promise: the
schemes commissioned, and the regions with their schemes and delivery models."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.organisations.models import Scheme
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def home(world: SmallWorld, role: Role) -> str:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</table>", start)]


def test_the_commissioner_sees_the_schemes_commissioned_in_their_area(world: SmallWorld) -> None:
    # The ICB's commissioner sees the scheme its PCN commissions, not another area's.
    html = home(world, Role.COMMISSIONER)
    assert "Schemes you commission" in html
    schemes = section(html, "commissioned-schemes")
    assert reverse("organisations:scheme_detail", args=[world.scheme.slug]) in schemes
    assert world.scheme.name in schemes
    assert world.scot_scheme.name not in schemes


def test_a_commissioner_with_no_schemes_is_told_so(world: SmallWorld) -> None:
    Scheme.objects.filter(pk=world.scheme.pk).update(commissioner=world.hscp)
    html = home(world, Role.COMMISSIONER)
    assert "No schemes are recorded as commissioned by Testshire ICB" in html
    assert reverse("organisations:scheme_list") in html


def test_the_researcher_sees_every_region_with_its_schemes_and_models(world: SmallWorld) -> None:
    html = home(world, Role.RESEARCHER)
    regions = section(html, "registry-summary")
    for region in (world.england, world.scotland):
        assert reverse("organisations:region_detail", args=[region.slug]) in regions
        assert region.name in regions
    assert "Model 1" in regions
    assert "2 schemes in 2 regions" in html
    assert reverse("organisations:scheme_list") in html


def test_other_roles_do_not_get_these_lists(world: SmallWorld) -> None:
    html = home(world, Role.LINK_WORKER)
    assert 'data-testid="commissioned-schemes"' not in html
    assert 'data-testid="registry-summary"' not in html
