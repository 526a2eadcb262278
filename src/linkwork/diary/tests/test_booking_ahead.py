"""An appointment is booked within the next two years, and the date hint gives an example in
the near future."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.diary.models import Appointment
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld

from .conftest import at
from .test_diary_pages import booking, client_for

pytestmark = pytest.mark.django_db


def test_booking_more_than_two_years_ahead_is_refused_naming_the_date(
    book: Callable[..., Appointment],
) -> None:
    far = timezone.localdate() + timedelta(days=3 * 365)
    with pytest.raises(DomainError) as refused:
        book(starts_at=at(far, 10))
    assert refused.value.field_errors == {"starts_on": ["Choose a date within the next two years."]}
    assert not Appointment.objects.exists()
    book(starts_at=at(timezone.localdate() + timedelta(days=365), 10))


def test_the_page_refuses_a_date_years_ahead(world: SmallWorld, referral: Referral) -> None:
    client = client_for(world.users[Role.LINK_WORKER])
    url = reverse("diary:appointment_new", args=[referral.pk])
    far = timezone.localdate() + timedelta(days=9 * 365)
    response = client.post(url, booking(far))
    assert response.status_code == 400
    assert "Choose a date within the next two years." in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_date_hint_is_a_date_in_the_near_future(world: SmallWorld, referral: Referral) -> None:
    client = client_for(world.users[Role.LINK_WORKER])
    page = client.get(reverse("diary:appointment_new", args=[referral.pk])).content.decode()
    day, month, year = map(int, re.findall(r"For example, (\d+) (\d+) (\d{4})", page)[0])
    example = date(year, month, day)
    today = timezone.localdate()
    assert today < example <= today + timedelta(days=31)
