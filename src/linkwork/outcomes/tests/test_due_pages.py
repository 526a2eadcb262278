"""The link worker's home page shows the first questionnaires due and how many in all, linking
to the due page, which shows them a page at a time (each list with its own page number)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.audit.models import AuditEvent
from linkwork.organisations.services import scheme_policy_set
from linkwork.testing.world import default_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_pages")]

NAMES = re.compile(r"Duepage([A-Z])\b")


@pytest.fixture
def one_tool(tools_world):
    scheme_policy_set(scheme=tools_world.scheme, policy=default_policy(outcome_tools=("swemwbs",)))
    return tools_world


@pytest.fixture
def three_due(one_tool, make_episode) -> None:
    for letter in "ABC":
        make_episode(sessions=1, days_ago=14, family_name=f"Duepage{letter}")


def shown(html: str) -> set[str]:
    return set(NAMES.findall(html))


def test_the_home_page_previews_the_questionnaires_due(three_due, link_worker) -> None:
    client = Client()
    client.force_login(link_worker)
    html = client.get(reverse("accounts:home")).content.decode()
    assert len(shown(html)) == 2
    assert "Showing 2 of 3 questionnaires due." in html
    assert f'href="{reverse("outcomes:due")}">See all 3' in html
    # The audit names the people the page showed.
    event = AuditEvent.objects.filter(object_type="outcome_due").latest("id")
    assert event.subjects.count() == 2


def test_the_due_page_shows_a_page_at_a_time(three_due, link_worker) -> None:
    client = Client()
    client.force_login(link_worker)
    url = reverse("outcomes:due")
    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    assert len(shown(first)) == 2
    assert shown(second) == {"A", "B", "C"} - shown(first)
    assert "Page 2 of 2" in first
    for asked, same_as in (("abc", first), ("9999", second)):
        response = client.get(url, {"page": asked})
        assert response.status_code == 200
        assert shown(response.content.decode()) == shown(same_as)


def test_after_discharge_pages_on_its_own(one_tool, make_episode, link_worker) -> None:
    for letter in "ABC":
        make_episode(
            sessions=3, days_ago=200, discharged_days_ago=95, family_name=f"Duepage{letter}"
        )
    client = Client()
    client.force_login(link_worker)
    url = reverse("outcomes:due")
    first = client.get(url).content.decode()
    section = first.split('data-testid="due-after-discharge"', 1)[1]
    assert len(shown(section)) == 2
    assert 'href="?after_page=2"' in section
    second = client.get(url, {"after_page": "2"}).content.decode()
    assert len(shown(second.split('data-testid="due-after-discharge"', 1)[1])) == 1
