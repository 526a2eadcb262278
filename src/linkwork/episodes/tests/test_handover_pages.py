"""The handover form offers the open episodes a page at a time, so a scheme manager's page
stays small; a person chosen on a later page is handed over like any other."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_pages")]

NAMES = re.compile(r"Pager([A-Z])\b")


@pytest.fixture
def episodes(world: SmallWorld) -> list[Referral]:
    return [
        refer_and_start(
            world, person={"family_name": f"Pager{letter}", "date_of_birth": date(1950, 1, 5)}
        )
        for letter in "ABC"
    ]


def test_the_form_offers_a_page_of_people_at_a_time(
    world: SmallWorld, episodes: list[Referral]
) -> None:
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    url = reverse("episodes:handover")
    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    assert NAMES.findall(first) == ["A", "B"]
    assert NAMES.findall(second) == ["C"]
    assert "Showing 1 to 2 of 3." in first
    assert 'href="?page=2" rel="next"' in first
    assert NAMES.findall(client.get(url, {"page": "z"}).content.decode()) == ["A", "B"]
    assert NAMES.findall(client.get(url, {"page": "7"}).content.decode()) == ["C"]

    last = episodes[2]
    response = client.post(
        f"{url}?page=2",
        {
            "referrals": [str(last.pk)],
            "to": str(world.extra["colleague"].pk),
            "note": "On leave.",
            "on_day": str(timezone.localdate().day),
            "on_month": str(timezone.localdate().month),
            "on_year": str(timezone.localdate().year),
        },
    )
    assert response.status_code == 302, response.content.decode()
    last.refresh_from_db()
    assert last.link_worker == world.extra["colleague"]
