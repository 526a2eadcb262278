"""A connection whose date is still to come reads as planned, starting on that date: it is not
shown as attended, and it is not chased for news before it starts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.episodes.connection_rules import connection_status_words
from linkwork.episodes.models import Connection
from linkwork.episodes.selectors.vcse_inbox import needs_follow_up
from linkwork.episodes.services.connections import connection_create, connection_set_status
from linkwork.testing.world import SmallWorld, refer_and_start

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize("status", ["requested", "accepted", "in-progress", "on-hold"])
def test_a_connection_still_to_come_is_planned(status: str) -> None:
    words = connection_status_words(status=status, made_on=date(2026, 3, 17), today=TODAY)
    assert words == "Planned, starting 17 March 2026"


def test_a_connection_on_or_before_today_keeps_its_status() -> None:
    for made_on in (TODAY, TODAY - timedelta(days=3)):
        words = connection_status_words(status="in-progress", made_on=made_on, today=TODAY)
        assert words == "Attending"
    assert connection_status_words(status="cancelled", made_on=date(2026, 4, 1), today=TODAY) == (
        "Cancelled"
    )


@pytest.mark.django_db
def test_the_episode_page_says_when_a_connection_starts(world: SmallWorld) -> None:
    referral = refer_and_start(world)
    worker = world.users[Role.LINK_WORKER]
    connection = connection_create(
        referral=referral, actor=worker, kind="signpost", service_name="Walking group"
    )
    connection_set_status(connection=connection, actor=worker, status="in-progress")
    start = connection.made_on + timedelta(days=7)
    Connection.objects.filter(pk=connection.pk).update(made_on=start)
    client = Client()
    client.force_login(worker)
    page = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    table = page.split('data-testid="connections"', 1)[1].split("</table>", 1)[0]
    assert f"Planned, starting {start.day} {start:%B %Y}" in table
    assert "Attending" not in table
    connection.refresh_from_db()
    assert not needs_follow_up(connection, start - timedelta(days=1))
    # The comparison is with the service's today, so a fixed demo date holds too.
    with override_settings(LINKWORK_TODAY=start):
        response = client.get(reverse("episodes:referral_detail", args=[referral.pk]))
    table = response.content.decode().split('data-testid="connections"', 1)[1].split("</table>")[0]
    assert "Attending" in table
