"""Guessing passwords or codes: after the failure limit, an account or an address is refused
for the cooling-off period, whether the guesses come through our page, the admin's or the
code step. Addresses are from the documentation ranges (RFC 5737)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.models import AuditEvent
from linkwork.testing.second_factor import code_for
from linkwork.testing.world import PASSWORD, SmallWorld

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

ATTACKER = "192.0.2.66"
COLLEAGUE = "198.51.100.7"
LOGIN = "/accounts/login/"


def attempt(
    username: str, password: str, address: str, url: str = LOGIN, forwarded_for: str = ""
) -> Response:
    client = Client(REMOTE_ADDR=address)
    if forwarded_for:
        client.defaults["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(url, {"username": username, "password": password})


def assert_locked(response: Response) -> None:
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in is paused" in page
    assert "15 minutes" in page
    assert "nhsuk-warning-callout" in page  # the product's own page, not a bare message
    assert f'href="{LOGIN}"' in page  # a way back, not a dead end


def test_thirty_wrong_passwords_then_the_right_one_is_refused(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    for _ in range(30):
        response = attempt(user.username, "guess-guess-guess", ATTACKER)
        assert response.status_code in (200, 429)
    assert_locked(attempt(user.username, PASSWORD, ATTACKER))
    # The account is locked wherever the right password comes from...
    assert_locked(attempt(user.username, PASSWORD, COLLEAGUE))
    # ...while another account from another address signs in as usual.
    other = world.users[Role.SCHEME_MANAGER]
    assert attempt(other.username, PASSWORD, COLLEAGUE).status_code == 302
    locked = AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, actor=user)
    assert locked.exists()
    first = locked.last()
    assert first is not None
    assert first.detail["address"] == ATTACKER


def test_the_limit_is_ten_failures(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    for _ in range(9):
        assert attempt(user.username, "wrong-wrong-wrong", ATTACKER).status_code == 200
    # The tenth failure is the last one answered as a failure; from then on, refused.
    assert_locked(attempt(user.username, "wrong-wrong-wrong", ATTACKER))
    assert_locked(attempt(user.username, PASSWORD, ATTACKER))


def test_spraying_many_accounts_from_one_address_locks_the_address(world: SmallWorld) -> None:
    for index in range(10):
        attempt(f"nobody{index}", "password-spray-1", ATTACKER)
    victim = world.users[Role.VCSE_WORKER]
    assert_locked(attempt(victim.username, PASSWORD, ATTACKER))
    assert attempt(victim.username, PASSWORD, COLLEAGUE).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lock(
    world: SmallWorld,
) -> None:
    for index in range(10):
        attempt(f"nobody{index}", "spray", ATTACKER, forwarded_for=f"203.0.113.{index}")
    victim = world.users[Role.VCSE_WORKER]
    response = attempt(victim.username, PASSWORD, ATTACKER, forwarded_for="203.0.113.99")
    assert_locked(response)


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(
    world: SmallWorld, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "192.0.2.1"
    for index in range(10):
        # The client claims another address; our proxy appends the one it really saw.
        forwarded = f"203.0.113.{index}, {ATTACKER}"
        attempt(f"nobody{index}", "spray", proxy, forwarded_for=forwarded)
    victim = world.users[Role.VCSE_WORKER]
    assert_locked(attempt(victim.username, PASSWORD, proxy, forwarded_for=ATTACKER))
    # Everyone else behind the same proxy is unaffected.
    assert attempt(victim.username, PASSWORD, proxy, forwarded_for=COLLEAGUE).status_code == 302


def test_the_limit_and_cooling_off_are_settings(world: SmallWorld, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGN_IN_COOL_OFF_MINUTES = 40
    user = world.users[Role.LINK_WORKER]
    for _ in range(3):
        attempt(user.username, "wrong", ATTACKER)
    response = attempt(user.username, PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "40 minutes" in response.content.decode()


def test_the_admin_login_is_locked_too(world: SmallWorld) -> None:
    admin = world.users[Role.SYSTEM_ADMIN]
    for _ in range(12):
        attempt(admin.username, "admin-guess", ATTACKER, url="/admin/login/")
    assert_locked(attempt(admin.username, PASSWORD, ATTACKER, url="/admin/login/"))
    assert_locked(attempt(admin.username, PASSWORD, COLLEAGUE, url=LOGIN))


def test_guessing_codes_locks_the_account_even_for_the_right_code(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    right = code_for(user)
    client = Client(REMOTE_ADDR=ATTACKER)
    assert client.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 302
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    statuses = [
        client.post("/accounts/two-factor/", {"code": wrong}).status_code for _ in range(12)
    ]
    assert statuses[:9] == [200] * 9
    assert statuses[-1] == 429
    assert_locked(client.post("/accounts/two-factor/", {"code": code_for(user)}))
    assert client.get("/").status_code == 302
    # And a fresh sign-in with the password is refused as well.
    assert_locked(attempt(user.username, PASSWORD, COLLEAGUE))


def test_failed_sign_ins_are_audited_without_the_password(world: SmallWorld) -> None:
    user = world.users[Role.LINK_WORKER]
    attempt(user.username, "Secret-typed-1", ATTACKER)
    attempt("Secret-typed-2", "x", ATTACKER)  # a password typed into the username box
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert failed.count() == 2
    known = failed.get(actor=user)
    assert known.detail == {"address": ATTACKER, "step": "password", "known_account": True}
    unknown = failed.get(actor=None)
    assert unknown.detail == {"address": ATTACKER, "step": "password", "known_account": False}
    everything = " ".join(str(e.detail) + e.object_id for e in AuditEvent.objects.all())
    assert "Secret-typed" not in everything
    assert not User.objects.filter(username__startswith="Secret").exists()
