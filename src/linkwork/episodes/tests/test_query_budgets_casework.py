"""The VCSE inbox and the handover page run as many queries for six people as for two."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.directory.models import DirectoryOrganization, Service
from linkwork.episodes.services.connections import connection_create
from linkwork.people.services import consent_record
from linkwork.testing.query_budget import assert_queries_flat, count_matches
from linkwork.testing.world import SmallWorld, refer_and_start

pytestmark = pytest.mark.django_db

EXTRA = "CDEF"  # four more rows after the first two
PEOPLE = r"Quill[A-Z]\b"


def person(letter: str) -> dict[str, object]:
    return {
        "family_name": f"Quill{letter}",
        "date_of_birth": date(1950, 1, ord(letter) - 60),
        "phone": "07700 900111",
    }


@pytest.fixture
def service(world: SmallWorld) -> Service:
    provider = DirectoryOrganization.objects.create(
        name="Testshire Community Links", registry_organisation=world.vcse
    )
    return Service.objects.create(
        name="Friendship café", organization=provider, region=world.england
    )


def connect(world: SmallWorld, service: Service, letters: str) -> None:
    """People connected to the VCSE's service, each sharing their name, contact and reason."""
    worker = world.users[Role.LINK_WORKER]
    for letter in letters:
        referral = refer_and_start(world, person=person(letter))
        consent_record(
            person=referral.person,
            actor=worker,
            kind="share_with_vcse",
            given=True,
            recorded_on=timezone.localdate(),
            organisation=world.vcse,
            shared_fields=["name", "contact", "reason"],
        )
        connection_create(
            referral=referral,
            actor=worker,
            kind="referral",
            need="loneliness_isolation" if letter in "ACE" else "",
            service=service,
            consent=True,
            shared=["name"],
        )


def test_vcse_inbox_queries_do_not_grow_with_connections(
    world: SmallWorld, service: Service
) -> None:
    connect(world, service, "AB")
    client = Client()
    client.force_login(world.users[Role.VCSE_WORKER])
    assert_queries_flat(
        lambda: client.get(reverse("episodes:vcse_inbox")),
        add_rows=lambda: connect(world, service, EXTRA),
        count_rows=count_matches(PEOPLE),
    )


def add_open_episodes(world: SmallWorld, letters: str) -> None:
    for letter in letters:
        refer_and_start(world, person=person(letter))


@pytest.mark.parametrize("role", [Role.LINK_WORKER, Role.SCHEME_MANAGER])
def test_handover_queries_do_not_grow_with_the_caseload(world: SmallWorld, role: Role) -> None:
    add_open_episodes(world, "AB")
    client = Client()
    client.force_login(world.users[role])
    assert_queries_flat(
        lambda: client.get(reverse("episodes:handover")),
        add_rows=lambda: add_open_episodes(world, EXTRA),
        count_rows=count_matches(PEOPLE),
    )
