"""A practice's recorded events are paginated, newest first, instead of stopping at 100."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from linkwork.implementation.models import PracticeEvent
from linkwork.implementation.tests.helpers import Cast, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_pages")]

TITLES = re.compile(r"Paged event ([A-Z])\b")


def titles(html: str) -> list[str]:
    return TITLES.findall(html)


def test_events_show_a_page_at_a_time(cast: Cast) -> None:
    for n, letter in enumerate("ABC"):
        PracticeEvent.objects.create(
            practice=cast.practice,
            held_on=date(2025, 3, 1) + timedelta(days=n),
            kind="team_meeting",
            title=f"Paged event {letter}",
            gps=1,
            recorded_by=cast.pm,
        )
    client = client_for(cast.pm)
    url = reverse("implementation:events", args=[cast.practice.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    assert titles(first) == ["C", "B"]  # newest first
    assert titles(second) == ["A"]
    assert "Showing 1 to 2 of 3." in first
    assert 'href="?page=2" rel="next"' in first
    mistyped = client.get(url, {"page": "two"})
    past_end = client.get(url, {"page": "5"})
    assert mistyped.status_code == past_end.status_code == 200
    assert titles(mistyped.content.decode()) == ["C", "B"]
    assert titles(past_end.content.decode()) == ["A"]
