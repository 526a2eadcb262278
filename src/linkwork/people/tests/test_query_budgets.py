"""Searching people's records runs as many queries for six matches as for two."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.testing.query_budget import assert_queries_flat, count_matches
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db

EXTRA = "CDEF"  # four more rows after the first two


def add_people(world: SmallWorld, letters: str) -> None:
    """People with a referral, some of them already with their link worker."""
    for n, letter in enumerate(letters):
        make = refer_and_start if n % 2 else refer
        make(
            world,
            person={"family_name": f"Quill{letter}", "date_of_birth": date(1950, 1, n + 1)},
        )


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.SCHEME_MANAGER])
def test_person_search_queries_do_not_grow_with_matches(world: SmallWorld, role: Role) -> None:
    add_people(world, "AB")
    client = Client()
    client.force_login(world.users[role])
    assert_queries_flat(
        lambda: client.post(reverse("people:person_search"), {"q": "quill"}),
        add_rows=lambda: add_people(world, EXTRA),
        count_rows=count_matches(r"Quill[A-Z]\b"),
    )
