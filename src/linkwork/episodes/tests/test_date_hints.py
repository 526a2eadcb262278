"""The session and discharge forms say which dates they accept before anyone gets one wrong,
and the hint states the same window the service enforces."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.episodes.date_rules import discharge_window, encounter_window, window_hint
from linkwork.episodes.services.encounters import encounter_record
from linkwork.testing.world import SmallWorld, refer_and_start


def test_a_session_window_runs_from_the_referral_to_today() -> None:
    window = encounter_window(received_on=date(2026, 3, 3), today=date(2026, 5, 1))
    assert (window.earliest, window.latest) == (date(2026, 3, 3), date(2026, 5, 1))
    assert window_hint(window) == (
        "From 3 March 2026 (the date of the referral) to today, not in the future. "
        "For example, 1 5 2026"
    )


def test_a_discharge_window_starts_at_the_latest_of_referral_assignment_and_session() -> None:
    window = discharge_window(
        received_on=date(2026, 3, 3),
        last_session_on=date(2026, 4, 9),
        assigned_on=date(2026, 3, 10),
        today=date(2026, 5, 1),
    )
    assert window.earliest == date(2026, 4, 9)
    assert window_hint(window).startswith("From 9 April 2026 (the date of the last session)")
    assert not window.contains(date(2026, 4, 8))
    assert not window.contains(date(2026, 5, 2))
    assert window.contains(date(2026, 4, 9))


def test_a_window_closing_today_says_so() -> None:
    window = encounter_window(received_on=date(2026, 5, 1), today=date(2026, 5, 1))
    assert window_hint(window).startswith("Today, 1 May 2026: not before, not in the future.")


def client_for(world: SmallWorld) -> Client:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    return client


def hint_of(page: str, field_id: str) -> str:
    marker = f'id="{field_id}-hint">'
    assert marker in page
    return page.split(marker, 1)[1].split("</div>", 1)[0]


@pytest.mark.django_db
def test_the_session_form_shows_its_date_rule_before_any_error(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    page = (
        client_for(world)
        .get(reverse("episodes:referral_detail", args=[referral.pk]))
        .content.decode()
    )
    received = f"{referral.received_on.day} {referral.received_on:%B %Y}"
    today = clock.today()
    assert "There is a problem" not in page
    assert hint_of(page, "id_encounter-occurred_on") == (
        f"From {received} (the date of the referral) to today, not in the future. "
        f"For example, {today.day} {today.month} {today.year}"
    )


@pytest.mark.django_db
def test_the_discharge_form_shows_its_date_rule_before_any_error(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    last = timezone.localdate() - timedelta(days=3)
    encounter_record(
        referral=referral, actor=worker, occurred_on=last, mode="face_to_face", duration_minutes=30
    )
    page = client_for(world).get(reverse("episodes:discharge", args=[referral.pk])).content.decode()
    assert "There is a problem" not in page
    assert hint_of(page, "id_on").startswith(
        f"From {last.day} {last:%B %Y} (the date of the last session) to today"
    )
