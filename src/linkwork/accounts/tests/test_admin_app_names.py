"""The admin index names the sign-in libraries' sections in words, not by code labels."""

from __future__ import annotations

import pytest
from django.test import Client

from linkwork.accounts.roles import Role
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def test_the_admin_index_names_two_factor_and_lockout_sections_in_words(
    world: SmallWorld,
) -> None:
    client = Client()
    client.force_login(world.users[Role.SYSTEM_ADMIN])
    page = client.get("/admin/").content.decode()
    assert "Two-factor sign-in: authenticator apps" in page
    assert "Two-factor sign-in: recovery codes" in page
    assert "Sign-in lockouts" in page
    for code_label in ("Otp_Totp", "Otp_Static", "OTP_TOTP", "OTP_STATIC", ">Axes<"):
        assert code_label not in page
