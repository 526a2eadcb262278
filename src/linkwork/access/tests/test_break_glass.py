"""Emergency access: a reason, a few hours at most, audited, shown to the scheme's managers,
and closed by the clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from linkwork.access.services import break_glass_open
from linkwork.accounts.models import BreakGlassAccess, User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def person_url(referral: Referral) -> str:
    return f"/people/{referral.person_id}/"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_break_glass_opens_the_scheme_and_expires_by_itself(
    world: SmallWorld, admin: User, referral: Referral, settings
) -> None:
    start = clock.now()
    settings.LINKWORK_NOW = start
    client = client_for(admin)
    assert client.get(person_url(referral)).status_code == 404
    response = client.post(
        "/access/break-glass/",
        {"scheme": world.scheme.pk, "reason": "Safeguarding call out of hours", "hours": "2"},
    )
    assert response.status_code == 302
    assert client.get(person_url(referral)).status_code == 200
    event = AuditEvent.objects.get(action="break_glass")
    assert event.actor == admin
    assert event.scheme_id == world.scheme.pk
    assert event.detail["reason"] == "Safeguarding call out of hours"

    settings.LINKWORK_NOW = start + timedelta(hours=2, minutes=1)
    assert client.get(person_url(referral)).status_code == 404


def test_break_glass_needs_a_reason_and_a_short_time(
    world: SmallWorld, admin: User, settings
) -> None:
    settings.LINKWORK_BREAK_GLASS_MAX_HOURS = 4
    client = client_for(admin)
    response = client.post(
        "/access/break-glass/", {"scheme": world.scheme.pk, "reason": "  ", "hours": "1"}
    )
    assert response.status_code == 400
    assert "Enter the reason you need emergency access." in response.content.decode()
    response = client.post(
        "/access/break-glass/", {"scheme": world.scheme.pk, "reason": "Urgent", "hours": "5"}
    )
    assert response.status_code == 400
    with pytest.raises(DomainError) as too_long:
        break_glass_open(actor=admin, scheme=world.scheme, reason="Urgent", hours=5)
    assert too_long.value.code == "hours_out_of_range"
    assert not BreakGlassAccess.objects.exists()
    assert not AuditEvent.objects.filter(action="break_glass").exists()


def test_only_administrators_can_break_glass(world: SmallWorld, referral: Referral) -> None:
    worker = world.extra["scot_link_worker"]
    with pytest.raises(DomainError):
        break_glass_open(actor=worker, scheme=world.scheme, reason="Curious", hours=1)
    assert client_for(worker).get(person_url(referral)).status_code == 404


def test_the_schemes_managers_see_it_on_their_home_page(
    world: SmallWorld, admin: User, settings
) -> None:
    start = clock.now()
    settings.LINKWORK_NOW = start
    break_glass_open(actor=admin, scheme=world.scheme, reason="Safeguarding call", hours=1)
    page = client_for(world.users[Role.SCHEME_MANAGER]).get("/").content.decode()
    assert 'data-testid="break-glass-panel"' in page
    assert "Safeguarding call" in page
    assert "<strong>Open</strong>" in page
    settings.LINKWORK_NOW = start + timedelta(hours=3)
    page = client_for(world.users[Role.SCHEME_MANAGER]).get("/").content.decode()
    assert "Safeguarding call" in page  # still listed, now ended
    assert "<strong>Open</strong>" not in page
    link_worker_home = client_for(world.users[Role.LINK_WORKER]).get("/").content.decode()
    assert "Safeguarding call" not in link_worker_home
