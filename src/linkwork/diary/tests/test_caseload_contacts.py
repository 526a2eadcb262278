"""The caseload shows each person's last contact and next appointment, flags those with nothing
booked and no contact for the scheme's number of days, and runs the same number of queries
however many people it lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.diary.models import DiarySettings
from linkwork.diary.selectors import monday_of
from linkwork.diary.services import appointment_book
from linkwork.episodes.models import Referral
from linkwork.episodes.services.encounters import encounter_record
from linkwork.testing.query_budget import assert_queries_flat, count_matches
from linkwork.testing.world import SmallWorld, refer_and_start

from .conftest import at, tomorrow

pytestmark = pytest.mark.django_db

ACTIVE = reverse("episodes:caseload_queue", args=["active"])


def active_person(world: SmallWorld, name: str, *, contact_days_ago: int) -> Referral:
    """An active episode whose only session was `contact_days_ago` days ago."""
    referral = refer_and_start(
        world,
        person={"family_name": name, "date_of_birth": date(1950, 1, 1 + len(name))},
        received_on=timezone.localdate() - timedelta(days=60),
    )
    encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=timezone.localdate() - timedelta(days=contact_days_ago),
        mode="telephone",
        duration_minutes=20,
    )
    return referral


def book_for(world: SmallWorld, referral: Referral, hour: int) -> None:
    appointment_book(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        starts_at=at(tomorrow(), hour),
        length_minutes=30,
        mode="face_to_face",
    )


def row_of(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


@pytest.fixture
def client(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    return client


def test_the_caseload_shows_contacts_and_flags_the_quiet(world: SmallWorld, client: Client) -> None:
    quiet = active_person(world, "Quietly", contact_days_ago=30)
    booked = active_person(world, "Booked", contact_days_ago=30)
    active_person(world, "Recently", contact_days_ago=3)
    book_for(world, booked, 9)
    for page in (client.get(ACTIVE).content.decode(), client.get("/").content.decode()):
        assert 'data-testid="gone-quiet"' in row_of(page, "Quietly")
        assert "Nothing booked" in row_of(page, "Quietly")
        assert 'data-testid="gone-quiet"' not in row_of(page, "Booked")
        assert f"{at(tomorrow(), 9):%a} {tomorrow().day} {tomorrow():%b} 09:00" in row_of(
            page, "Booked"
        )
        assert 'data-testid="gone-quiet"' not in row_of(page, "Recently")
    last = timezone.localdate() - timedelta(days=30)
    assert f"{last.day} {last:%b %Y}" in row_of(client.get(ACTIVE).content.decode(), "Quietly")
    # The scheme allows longer: nobody is flagged.
    DiarySettings.objects.create(scheme=quiet.scheme, quiet_days=45)
    assert 'data-testid="gone-quiet"' not in client.get(ACTIVE).content.decode()


def test_the_caseload_runs_the_same_queries_for_more_people(
    world: SmallWorld, client: Client
) -> None:
    def add(letters: str) -> None:
        for n, letter in enumerate(letters):
            referral = active_person(world, f"Budget{letter}", contact_days_ago=5 + n)
            if n % 2:
                book_for(world, referral, ord(letter) - ord("A") + 8)

    add("AB")
    assert_queries_flat(
        lambda: client.get(ACTIVE),
        add_rows=lambda: add("CDEF"),
        count_rows=count_matches(r"Budget[A-Z]\b"),
    )


def test_the_diary_runs_the_same_queries_for_more_appointments(
    world: SmallWorld, client: Client
) -> None:
    def add(letters: str) -> None:
        for letter in letters:
            referral = active_person(world, f"Budget{letter}", contact_days_ago=5)
            book_for(world, referral, ord(letter) - ord("A") + 8)

    add("AB")
    week = monday_of(tomorrow()).isoformat()
    assert_queries_flat(
        lambda: client.get(reverse("diary:my_diary"), {"week": week}),
        add_rows=lambda: add("CDEF"),
        count_rows=count_matches(r"Budget[A-Z]\b"),
    )
