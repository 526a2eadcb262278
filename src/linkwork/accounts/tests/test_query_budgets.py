"""Every role's home page runs as many queries for six rows as for two: the caseload, the
referrals made or received, questionnaires due, connections to follow up, and the list of
places the user works."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Membership
from linkwork.accounts.roles import Role
from linkwork.directory.models import DirectoryOrganization, Service
from linkwork.episodes.models import Connection
from linkwork.episodes.services.connections import connection_create
from linkwork.episodes.services.encounters import encounter_record
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.services import organisation_create
from linkwork.testing.query_budget import assert_queries_flat, count_matches
from linkwork.testing.world import SmallWorld, refer, refer_and_start

pytestmark = pytest.mark.django_db

EXTRA = "CDEF"  # four more rows after the first two
PEOPLE = r"Quill[A-Z]\b"


def person(letter: str) -> dict[str, object]:
    return {"family_name": f"Quill{letter}", "date_of_birth": date(1950, 1, ord(letter) - 60)}


def add_cases(world: SmallWorld, letters: str) -> None:
    """In turn: an active episode with a session and a connection gone quiet, a referral to
    triage, and a person on the waiting list."""
    worker = world.users[Role.LINK_WORKER]
    provider = DirectoryOrganization.objects.get_or_create(
        name="Budget provider", registry_organisation=world.vcse
    )[0]
    service = Service.objects.get_or_create(
        name="Budget café", organization=provider, region=world.england
    )[0]
    for n, letter in enumerate(letters):
        if n % 3 == 1:
            refer(world, person=person(letter))
            continue
        referral = refer_and_start(world, person=person(letter))
        if n % 3 == 2:
            continue
        encounter_record(
            referral=referral,
            actor=worker,
            occurred_on=referral.received_on + timedelta(days=7),
            mode="face_to_face",
            duration_minutes=45,
        )
        connection = connection_create(
            referral=referral,
            actor=worker,
            kind="referral",
            need="loneliness_isolation",
            service=service,
            consent=True,
            shared=["name"],
        )
        # No news from the service for a month: the home page lists it to follow up.
        Connection.objects.filter(pk=connection.pk).update(
            status_changed_at=timezone.now() - timedelta(days=30)
        )


def add_practice_referrals(world: SmallWorld, letters: str) -> None:
    for letter in letters:
        refer(world, person=person(letter))


def add_workplaces(world: SmallWorld, role: Role, letters: str) -> None:
    """More memberships in the same role, each at an organisation of its own."""
    kind = OrgKind.VCSE if role is Role.VCSE_WORKER else OrgKind.ICB
    for letter in letters:
        organisation = organisation_create(
            name=f"Budget workplace {letter}", kind=kind, region=world.england
        )
        Membership.objects.create(
            user=world.users[role], organisation=organisation, role=role.value
        )


RowMaker = Callable[[SmallWorld, str], None]
CASES: dict[Role, tuple[RowMaker, str]] = {
    Role.LINK_WORKER: (add_cases, PEOPLE),
    Role.SCHEME_MANAGER: (add_cases, PEOPLE),
    Role.REFERRER_GP: (add_practice_referrals, PEOPLE),
    Role.PRACTICE_MANAGER: (add_practice_referrals, PEOPLE),
}


@pytest.mark.parametrize("role", list(CASES))
def test_home_queries_do_not_grow_with_the_people_listed(world: SmallWorld, role: Role) -> None:
    add_rows, pattern = CASES[role]
    add_rows(world, "AB")
    client = Client()
    client.force_login(world.users[role])
    assert_queries_flat(
        lambda: client.get(reverse("accounts:home")),
        add_rows=lambda: add_rows(world, EXTRA),
        count_rows=count_matches(pattern),
    )


@pytest.mark.parametrize(
    "role", [Role.VCSE_WORKER, Role.COMMISSIONER, Role.RESEARCHER, Role.SYSTEM_ADMIN]
)
def test_home_queries_do_not_grow_with_workplaces(world: SmallWorld, role: Role) -> None:
    add_workplaces(world, role, "AB")
    client = Client()
    client.force_login(world.users[role])
    assert_queries_flat(
        lambda: client.get(reverse("accounts:home")),
        add_rows=lambda: add_workplaces(world, role, EXTRA),
        count_rows=count_matches(r"Budget workplace [A-Z]"),
    )
