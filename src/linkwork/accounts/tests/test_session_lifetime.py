"""A session ends LINKWORK_SESSION_MAX_HOURS after signing in, however busy it has been."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from linkwork.accounts.middleware import SIGNED_IN_AT
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def signed_in(world: SmallWorld, hours_ago: float) -> Client:
    client = Client()
    client.force_login(world.users[Role.LINK_WORKER])
    session = client.session
    assert SIGNED_IN_AT in session  # stamped at sign-in
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=hours_ago)).timestamp()
    session.save()
    return client


def test_a_session_older_than_the_limit_is_signed_out(world: SmallWorld) -> None:
    client = signed_in(world, hours_ago=12.1)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # Really over: the API sees no one either, and signing out was recorded.
    assert client.get("/api/v1/referrals/").status_code == 401
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_OUT).exists()


def test_a_busy_session_within_the_limit_carries_on(world: SmallWorld) -> None:
    client = signed_in(world, hours_ago=11.9)
    assert client.get("/").status_code == 200


def test_the_limit_is_a_setting(world: SmallWorld, settings) -> None:
    settings.SESSION_MAX_HOURS = 2
    assert signed_in(world, hours_ago=3).get("/").status_code == 302
    assert signed_in(world, hours_ago=1).get("/").status_code == 200


def test_the_default_is_twelve_hours_beside_the_idle_timeout() -> None:
    from linkwork.config.settings import base

    assert base.SESSION_MAX_HOURS == 12
    assert base.SESSION_COOKIE_AGE == 30 * 60
