"""The header keeps to what each role uses every day; the Scheme page lists the rest, so every
page stays reachable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.navigation import DAILY_STAFF, all_nav_items, hub_links, nav_links
from linkwork.accounts.roles import Role
from linkwork.testing.world import SmallWorld


def labels(roles: frozenset[Role]) -> list[str]:
    return [link.label for link in nav_links(roles, "/")]


@pytest.mark.django_db
def test_a_link_worker_and_a_manager_see_their_day_in_the_header() -> None:
    assert labels(frozenset({Role.LINK_WORKER})) == [
        "Home",
        "Caseload",
        "People",
        "Refer someone",
        "My diary",
        "My tasks",
        "Scheme",
    ]
    assert labels(frozenset({Role.SCHEME_MANAGER})) == [
        "Home",
        "Caseload",
        "People",
        "My diary",
        "My tasks",
        "Scheme",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_page_of_the_role_is_in_the_header_or_on_the_scheme_page(role: Role) -> None:
    roles = frozenset({role})
    seen = {item.label for item in all_nav_items() if item.seen_by(roles)}
    reachable = {link.label for link in nav_links(roles, "/")} | {
        link.label for link in hub_links(roles)
    }
    assert reachable == seen
    if role in DAILY_STAFF:
        assert len(nav_links(roles, "/")) <= 7


@pytest.mark.django_db
def test_the_scheme_page_lists_the_rest_for_a_manager(world: SmallWorld) -> None:
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    page = client.get(reverse("accounts:hub")).content.decode()
    for label in ("Groups", "Safeguarding", "Evaluation", "Diary settings", "Refer someone"):
        assert f">{label}</a>" in page
    assert 'data-testid="hub-links"' in page
