"""The demo logins the harness signs in as, with each one's authenticator key read from the
database the server uses (the harness runs beside it, as `linkwork demo --otp` does)."""

from __future__ import annotations

from dataclasses import dataclass

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.second_factor import authenticator_confirmed
from linkwork.bench.loadtest.totp import TotpKey
from linkwork.demo.parts.staff_logins import DEMO_LOGINS, DEMO_PASSWORD


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: Role
    key: TotpKey | None


def demo_logins() -> list[Login]:
    """Every demo login the world holds, in the demo's order."""
    found = []
    users = {
        u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])
    }
    for login in DEMO_LOGINS:
        user = users.get(login.username)
        if user is None:
            continue
        device = authenticator_confirmed(user=user)
        key = None
        if device is not None:
            key = TotpKey(
                key=device.bin_key,
                step=device.step,
                t0=device.t0,
                digits=device.digits,
                drift=device.drift,
            )
        found.append(Login(login.username, DEMO_PASSWORD, login.role, key))
    return found
