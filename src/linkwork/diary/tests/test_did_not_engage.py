"""After the scheme's number of missed contacts in a row, the episode page offers discharge as
did not engage; the link worker decides, and nothing is discharged for them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.diary.models import Appointment, DiarySettings
from linkwork.diary.services import appointment_did_not_attend
from linkwork.episodes.models import Referral
from linkwork.episodes.services.encounters import encounter_record
from linkwork.testing.world import SmallWorld

from .conftest import at, tomorrow

pytestmark = pytest.mark.django_db

OFFER = 'data-testid="did-not-engage"'


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def booked(book: Callable[..., Appointment], hours: list[int]) -> list[Appointment]:
    return [book(starts_at=at(tomorrow(), hour)) for hour in hours]


@pytest.fixture
def three_past(
    book: Callable[..., Appointment], move_clock: Callable[..., None]
) -> list[Appointment]:
    """Three appointments tomorrow, and the clock moved to that evening."""
    appointments = booked(book, [9, 10, 11])
    move_clock(at(tomorrow(), 23))
    return appointments


def miss(world: SmallWorld, appointments: list[Appointment]) -> None:
    for appointment in appointments:
        appointment_did_not_attend(appointment=appointment, actor=world.users[Role.LINK_WORKER])


@pytest.fixture
def episode_page(world: SmallWorld, referral: Referral) -> Callable[[], str]:
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("episodes:referral_detail", args=[referral.pk])
    return lambda: client.get(url).content.decode()


def test_the_offer_comes_at_the_schemes_number_and_not_before(
    world: SmallWorld,
    referral: Referral,
    three_past: list[Appointment],
    episode_page: Callable[[], str],
) -> None:
    first, second, third = three_past
    miss(world, [first, second])
    assert OFFER not in episode_page()
    miss(world, [third])
    page = episode_page()
    assert OFFER in page
    assert "3 missed contacts in a row" in page
    assert 'name="status" value="did_not_engage"' in page
    referral.refresh_from_db()
    assert referral.status == "waiting"  # offered, never done


def test_an_attended_session_starts_the_count_again(
    world: SmallWorld,
    referral: Referral,
    three_past: list[Appointment],
    episode_page: Callable[[], str],
) -> None:
    first, second, third = three_past
    miss(world, [first, second])
    encounter_record(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        occurred_on=tomorrow(),
        mode="telephone",
        duration_minutes=15,
    )
    miss(world, [third])
    assert OFFER not in episode_page()


def test_the_scheme_sets_its_own_number(
    world: SmallWorld,
    book: Callable[..., Appointment],
    move_clock: Callable[..., None],
    episode_page: Callable[[], str],
) -> None:
    manager = client_for(world.users[Role.SCHEME_MANAGER])
    change = reverse("diary:settings_change", args=[world.scheme.pk])
    response = manager.post(change, {"missed_contacts": "0", "quiet_days": "21"})
    assert response.status_code == 400
    assert "“Missed contacts before offering discharge” must be 1 or more." in (
        response.content.decode()
    )
    assert manager.post(change, {"missed_contacts": "1", "quiet_days": "14"}).status_code == 302
    assert DiarySettings.objects.get(scheme=world.scheme).quiet_days == 14
    appointments = booked(book, [9])
    move_clock(at(tomorrow(), 23))
    miss(world, appointments)
    assert OFFER in episode_page()


def test_only_managers_of_the_scheme_change_its_rules(world: SmallWorld) -> None:
    change = reverse("diary:settings_change", args=[world.scheme.pk])
    worker = client_for(world.users[Role.LINK_WORKER])
    assert worker.get(reverse("diary:settings")).status_code == 403
    assert worker.post(change, {"missed_contacts": "1", "quiet_days": "1"}).status_code == 404
    manager = client_for(world.users[Role.SCHEME_MANAGER])
    assert world.scheme.name in manager.get(reverse("diary:settings")).content.decode()
    other = reverse("diary:settings_change", args=[world.scot_scheme.pk])
    assert manager.post(other, {"missed_contacts": "1", "quiet_days": "1"}).status_code == 404
    assert not DiarySettings.objects.exists()


def test_taking_the_offer_closes_the_episode_as_did_not_engage(
    world: SmallWorld,
    referral: Referral,
    three_past: list[Appointment],
    episode_page: Callable[[], str],
) -> None:
    miss(world, three_past)
    assert 'action="' + reverse("episodes:close", args=[referral.pk]) in episode_page()
    client = client_for(world.users[Role.LINK_WORKER])
    response = client.post(
        reverse("episodes:close", args=[referral.pk]),
        {"status": "did_not_engage", "note": "3 missed contacts in a row"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "did_not_engage"
    assert OFFER not in episode_page()  # closed: nothing more to offer
