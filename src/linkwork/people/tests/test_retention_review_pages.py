"""The retention review is paginated: a scheme with years of closed records lists them a page
at a time, and the audit names only the people on the page shown."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.people.services import person_create
from linkwork.testing.world import SmallWorld, person_details

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_pages")]

NAMES = re.compile(r"Pager([A-Z])\b")


def names(html: str) -> set[str]:
    return set(NAMES.findall(html))


@pytest.fixture
def past_retention(world: SmallWorld, settings) -> None:
    for letter in "ABC":
        person_create(
            scheme=world.scheme,
            details=person_details(family_name=f"Pager{letter}", date_of_birth=date(1950, 1, 5)),
            actor=world.users[Role.REFERRER_GP],
        )
    years = world.scheme.retention_years
    settings.LINKWORK_TODAY = timezone.localdate() + timedelta(days=366 * (years + 1))


@pytest.mark.usefixtures("past_retention")
def test_the_review_shows_a_page_at_a_time(world: SmallWorld) -> None:
    from linkwork.audit.models import AuditEvent

    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    url = reverse("people:retention_review")
    first = client.get(url).content.decode()
    audited = AuditEvent.objects.filter(object_type="retention_review").latest("at").detail
    second = client.get(url, {"page": "2"}).content.decode()
    assert len(names(first)) == 2
    assert len(names(second)) == 1
    assert names(first) | names(second) == {"A", "B", "C"}
    assert "Showing 1 to 2 of 3." in first
    assert 'href="?page=2" rel="next"' in first
    assert audited["shown"] == 2
    mistyped = client.get(url, {"page": "x"})
    past_end = client.get(url, {"page": "40"})
    assert mistyped.status_code == past_end.status_code == 200
    assert names(mistyped.content.decode()) == names(first)
    assert names(past_end.content.decode()) == names(second)
