"""The VCSE inbox is paginated: a provider with many people connected sees every one of them,
a page at a time, and a reply sent from a later page comes back to that page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.directory.models import DirectoryOrganization, Service
from linkwork.episodes.models import Connection
from linkwork.episodes.services.connections import connection_create
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_pages")]

NAMES = re.compile(r"Pager([A-Z])\b")


def names(html: str) -> set[str]:
    return set(NAMES.findall(html))


@pytest.fixture
def connections(world: SmallWorld) -> list[Connection]:
    provider = DirectoryOrganization.objects.create(
        name="Testshire Community Links", registry_organisation=world.vcse
    )
    service = Service.objects.create(
        name="Friendship café", organization=provider, region=world.england
    )
    made = []
    for letter in "ABC":
        referral = refer_and_start(
            world,
            person={"family_name": f"Pager{letter}", "date_of_birth": date(1950, 1, 5)},
        )
        made.append(
            connection_create(
                referral=referral,
                actor=world.users[Role.LINK_WORKER],
                kind="referral",
                need="loneliness_isolation",
                service=service,
                consent=True,
                shared=["name"],
            )
        )
    return made


def vcse_client(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.VCSE_WORKER])
    return client


def test_the_inbox_shows_a_page_at_a_time(world: SmallWorld, connections: list[Connection]) -> None:
    client = vcse_client(world)
    url = reverse("episodes:vcse_inbox")
    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    assert len(names(first)) == 2
    assert len(names(second)) == 1
    assert names(first) | names(second) == {"A", "B", "C"}
    assert "Showing 1 to 2 of 3." in first
    assert 'href="?page=2" rel="next"' in first
    assert 'rel="prev"' in second
    # A mistyped page shows the first; one past the end, the last.
    mistyped = client.get(url, {"page": "abc"})
    past_end = client.get(url, {"page": "9999"})
    assert mistyped.status_code == past_end.status_code == 200
    assert names(mistyped.content.decode()) == names(first)
    assert names(past_end.content.decode()) == names(second)


def test_a_reply_from_a_later_page_returns_to_it(
    world: SmallWorld, connections: list[Connection]
) -> None:
    client = vcse_client(world)
    second = client.get(reverse("episodes:vcse_inbox"), {"page": "2"}).content.decode()
    [shown] = [c for c in connections if c.person.family_name in second]
    action = reverse("episodes:vcse_reply", args=[shown.pk]) + "?page=2"
    assert f'action="{action}"' in second
    response = client.post(action, {"status": "accepted", "reason": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("episodes:vcse_inbox") + "?page=2"
    shown.refresh_from_db()
    assert shown.status == "accepted"
