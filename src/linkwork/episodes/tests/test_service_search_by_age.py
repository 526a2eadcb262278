"""Finding a listed service by name: when the words match but the person's age rules every
match out, the page says so rather than that nothing matches."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.core.dates import age_on
from linkwork.directory.models import Service
from linkwork.directory.selectors import services_matching_any_age, suggested_services
from linkwork.testing.listed import listed_service
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db


def page_for(world: SmallWorld, referral, query: str) -> str:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    url = reverse("episodes:referral_detail", args=[referral.pk])
    return client.get(url, {"service_q": query}).content.decode()


def no_suggestions(page: str) -> str:
    start = page.index('data-testid="no-suggestions"')
    return page[start : page.index("</p>", start)]


def test_words_that_match_only_services_for_other_ages_say_so(world: SmallWorld) -> None:
    for name in ("Lunch club for young parents", "Sunday lunch for under-sixties"):
        service = listed_service(world, name=name)
        Service.objects.filter(pk=service.pk).update(maximum_age=40)
    referral = refer_and_start(world)
    age = age_on(referral.person.date_of_birth, timezone.localdate())
    assert age > 40
    assert suggested_services(needs=[], age=age, postcode=None, text="lunch") == []
    assert services_matching_any_age(text="lunch", region=world.england) == 2
    message = no_suggestions(page_for(world, referral, "lunch"))
    assert f"2 services match “lunch” but none take people aged {age}." in message
    assert "No open listed service" not in message


def test_words_matching_nothing_still_say_no_match(world: SmallWorld) -> None:
    listed_service(world, name="Lunch club")
    referral = refer_and_start(world)
    message = no_suggestions(page_for(world, referral, "allotment"))
    assert "No open listed service in this area matches “allotment”" in message
