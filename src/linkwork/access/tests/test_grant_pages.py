"""Grant requests are listed a page at a time; the home page's waiting requests show the
first few and how many in all."""

from __future__ import annotations

import pytest
from django.test import Client

from linkwork.access.services import grant_request_create
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.testing.world import SmallWorld

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_pages")]

ROW = '<tr class="nhsuk-table__row">'


@pytest.fixture
def three_requests(world: SmallWorld, admin: User) -> None:
    for role in (Role.LINK_WORKER, Role.SCHEME_MANAGER, Role.PRACTICE_MANAGER):
        grant_request_create(
            actor=admin,
            user=world.users[Role.RESEARCHER],
            role=role,
            organisation=world.pcn,
            scheme=world.scheme,
            reason="Covering the scheme",
        )


def _get(user: User, path: str, **query: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path, query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_grant_list_shows_a_page_at_a_time(three_requests, admin: User) -> None:
    first = _get(admin, "/access/grants/")
    second = _get(admin, "/access/grants/", page="2")
    assert first.count(ROW) == 2
    assert second.count(ROW) == 1
    assert "Page 2 of 2" in first
    assert _get(admin, "/access/grants/", page="abc").count(ROW) == 2
    assert _get(admin, "/access/grants/", page="9999").count(ROW) == 1


def test_the_home_page_counts_the_requests_waiting(three_requests, second_admin: User) -> None:
    page = _get(second_admin, "/")
    waiting = page.split('data-testid="grants-waiting"', 1)[1].split("</div>", 1)[0]
    assert waiting.count("<li>") == 2
    assert "Showing 2 of 3 requests." in waiting
    assert "Decide all 3 under Access grants" in waiting
