"""Every element id on a page is used once: labels, error links and assistive technology find
the box they point at, even where several forms share a page."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.testing.page_ids import element_ids
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db


def _repeated(html: str) -> list[str]:
    return sorted(name for name, count in Counter(element_ids(html)).items() if count > 1)


def _client(world: SmallWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_the_referral_page_has_unique_ids(world: SmallWorld) -> None:
    client = _client(world, Role.LINK_WORKER)
    blank = client.get(reverse("episodes:referral_new")).content.decode()
    assert _repeated(blank) == []
    refused = client.post(reverse("episodes:referral_new"), {"scheme": str(world.scheme.pk)})
    assert _repeated(refused.content.decode()) == []


def test_the_self_referral_page_has_unique_ids(world: SmallWorld) -> None:
    url = reverse("episodes:self_referral", args=[world.scheme.slug])
    assert _repeated(Client().get(url).content.decode()) == []
    assert _repeated(Client().post(url, {}).content.decode()) == []


@pytest.mark.parametrize("started", [False, True])
def test_the_episode_page_has_unique_ids(world: SmallWorld, started: bool) -> None:
    referral = refer_and_start(world) if started else refer(world)
    page = _client(world, Role.LINK_WORKER).get(
        reverse("episodes:referral_detail", args=[referral.pk])
    )
    assert page.status_code == 200
    assert _repeated(page.content.decode()) == []
