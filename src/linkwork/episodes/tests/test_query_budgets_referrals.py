"""The referrals list of the JSON API runs as many queries for six referrals as for two, for
each kind of reader: the scheme's link worker, the referrer and the practice manager."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.testing.query_budget import assert_queries_flat, count_json_items
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db

EXTRA = "CDEF"  # four more rows after the first two


def add_referrals(world: SmallWorld, letters: str) -> None:
    for n, letter in enumerate(letters):
        make = refer_and_start if n % 2 else refer
        make(
            world,
            person={"family_name": f"Quill{letter}", "date_of_birth": date(1950, 1, n + 1)},
        )


@pytest.mark.parametrize(
    "role", [Role.LINK_WORKER, Role.SCHEME_MANAGER, Role.REFERRER_GP, Role.PRACTICE_MANAGER]
)
def test_referral_list_api_queries_do_not_grow_with_referrals(
    world: SmallWorld, role: Role
) -> None:
    add_referrals(world, "AB")
    client = Client()
    client.force_login(world.users[role])
    assert_queries_flat(
        lambda: client.get(reverse("api:referral_list")),
        add_rows=lambda: add_referrals(world, EXTRA),
        count_rows=count_json_items(),
    )
