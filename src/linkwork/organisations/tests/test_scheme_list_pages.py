"""The scheme list is paginated, and its pages keep the list's filters."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.organisations.services import scheme_create
from linkwork.testing.world import SmallWorld, default_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_pages")]

NAMES = re.compile(r"Paged scheme ([A-Z])\b")


def test_schemes_show_a_page_at_a_time_within_the_filter(world: SmallWorld) -> None:
    for letter in "ABC":
        scheme_create(
            name=f"Paged scheme {letter}",
            region=world.england,
            commissioner=world.vcse,
            employer=world.vcse,
            managers=[world.vcse],
            practices=[world.practice_b],
            policy=default_policy(),
        )
    client = Client()
    client.force_login(world.users[Role.RESEARCHER])
    url = reverse("organisations:scheme_list")
    region = {"region": str(world.england.pk)}
    pages = [client.get(url, {**region, "page": str(n)}).content.decode() for n in range(1, 10)]
    last = next(n for n, html in enumerate(pages) if 'rel="next"' not in html)
    seen = [name for html in pages[: last + 1] for name in NAMES.findall(html)]
    assert sorted(seen) == ["A", "B", "C"]  # every scheme once, across the pages
    assert all(len(NAMES.findall(html)) <= 2 for html in pages)
    # The next-page link keeps the region filter.
    assert f'href="?region={world.england.pk}&amp;page=2" rel="next"' in pages[0]
    # Past the end: the last page; not a number: the first.
    assert NAMES.findall(pages[-1]) == NAMES.findall(pages[last])
    mistyped = client.get(url, {**region, "page": "x"})
    assert mistyped.status_code == 200
    assert NAMES.findall(mistyped.content.decode()) == NAMES.findall(pages[0])
