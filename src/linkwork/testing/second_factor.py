"""Two-factor sign-in in tests: sessions made with the test client's login() and force_login()
count as having given a second factor (as a real sign-in would have), and browser tests read the
code a person's app would show."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.test.client import Client
from django_otp import DEVICE_ID_SESSION_KEY

from linkwork.accounts.models import User
from linkwork.accounts.second_factor import (
    authenticator_current_code,
    authenticator_enrolled_for_demo,
)

TEST_CLIENT_ADDRESS = "127.0.0.1"


def code_for(user: User) -> str:
    """The code the user's authenticator shows now (enrolling one first if needed). A test may
    sign the same person in twice within one 30-second step, and a real app would show the
    same code both times; django-otp refuses a replayed code, so the step it last accepted is
    forgotten here (the refusal itself is tested on its own)."""
    device = authenticator_enrolled_for_demo(user=user)
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save(
        update_fields=["last_t", "throttling_failure_count", "throttling_failure_timestamp"]
    )
    return authenticator_current_code(device)


def mark_verified(client: Client, user: User) -> None:
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_enrolled_for_demo(user=user).persistent_id
    session.save()


def drop_verification(client: Client) -> None:
    """Make a signed-in test session one that has given only a password."""
    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.save()


_original_login = Client._login  # type: ignore[attr-defined]


def _verified_login(self: Client, user: User, backend: str | None = None) -> None:
    _original_login(self, user, backend)
    mark_verified(self, user)


def _login_with_request(self: Client, **credentials: Any) -> bool:
    """The test client's login() without a request, which the lockout backend (rightly)
    refuses: every real sign-in has one, so give it one from the test client's address."""
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = TEST_CLIENT_ADDRESS
    user = authenticate(request, **credentials)
    if user is None:
        return False
    self._login(user)  # type: ignore[attr-defined]
    return True


def install_verified_test_client() -> tuple[tuple[str, Any], ...]:
    """The replacements conftest installs on django.test.Client for each test."""
    return (("_login", _verified_login), ("login", _login_with_request))
