"""When the person's letter about a booked, moved or cancelled appointment could not go (they
prefer telephone calls, or letters with no address held), the link worker is told on the page
and the appointment says so, so they telephone or write themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.diary.models import Appointment
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld, refer_and_start

from .conftest import tomorrow
from .test_diary_pages import booking, client_for

# Real commits: the person is told when the booking commits, before the page answers.
pytestmark = pytest.mark.django_db(transaction=True)

BY_TELEPHONE = "They prefer telephone calls: telephone them rather than message."


@pytest.fixture(autouse=True)
def outbox(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.LINKWORK_NOTIFY_API_KEY = ""  # type: ignore[attr-defined]
    settings.LINKWORK_OUTBOX_DIR = tmp_path / "outbox"  # type: ignore[attr-defined]
    return tmp_path / "outbox"


def book_on_the_page(client: Client, referral: Referral) -> str:
    url = reverse("diary:appointment_new", args=[referral.pk])
    return client.post(url, booking(tomorrow()), follow=True).content.decode()


def test_booking_for_someone_who_prefers_the_telephone_warns_and_marks_it(
    world: SmallWorld,
) -> None:
    referral = refer_and_start(world, person={"preferred_contact": "phone"})
    client = client_for(world.users[Role.LINK_WORKER])
    page = book_on_the_page(client, referral)
    assert 'data-testid="message-warning"' in page
    assert "has not been told about this" in page
    assert BY_TELEPHONE in page
    episode = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    assert 'data-testid="not-sent"' in episode
    assert BY_TELEPHONE in episode
    diary = client.get(reverse("diary:my_diary"), {"week": str(tomorrow())}).content.decode()
    assert BY_TELEPHONE in diary


def test_letters_with_no_address_warn_on_cancelling_too(world: SmallWorld) -> None:
    referral = refer_and_start(world, person={"preferred_contact": "letter"})
    client = client_for(world.users[Role.LINK_WORKER])
    book_on_the_page(client, referral)
    appointment = Appointment.objects.get(referral=referral)
    page = client.post(
        reverse("diary:appointment_cancel", args=[appointment.pk]),
        {"reason": "The person is unwell"},
        follow=True,
    ).content.decode()
    assert "cancelled." in page
    assert "no postal address" in page
    assert 'data-testid="message-warning"' in page


def test_no_warning_when_the_person_was_texted(world: SmallWorld) -> None:
    referral = refer_and_start(world, person={"preferred_contact": "text", "phone": "07700 900123"})
    client = client_for(world.users[Role.LINK_WORKER])
    page = book_on_the_page(client, referral)
    assert "Appointment booked for " in page
    assert 'data-testid="message-warning"' not in page
    episode = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    assert 'data-testid="not-sent"' not in episode
