"""Two-factor sign-in: an authenticator app (TOTP) and a set of one-use recovery codes.

Reads and writes of a person's second factor live here; the views only show forms and log the
verified device into the session.
"""

from __future__ import annotations

import base64
import secrets

import segno
from django.db import transaction
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts.models import User
from linkwork.accounts.roles import second_factor_required
from linkwork.accounts.selectors import user_roles

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10


def second_factor_required_for(*, user: User) -> bool:
    return second_factor_required(user_roles(user=user), is_staff=user.is_staff)


def authenticator_confirmed(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at").first()


def authenticator_pending(*, user: User) -> TOTPDevice:
    """The not-yet-confirmed authenticator being set up: the same one on every reload, so the
    QR code does not change under someone halfway through scanning it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("created_at").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_secret(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def authenticator_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no image request, no inline style)."""
    return str(
        segno.make(device.config_url, error="m").svg_inline(
            scale=4, title="QR code to scan with your authenticator app"
        )
    )


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _new_recovery_code() -> str:
    # 50 bits each, shown as two groups of five so they can be read out and typed.
    raw = secrets.token_hex(5)
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace every recovery code the person has with a new set, to be shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=_normalise(code)) for code in codes]
    )
    return codes


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def authenticator_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a pending authenticator with a code it shows; on success it replaces any other
    authenticator, and a fresh set of recovery codes is returned (shown once)."""
    if device.user_id != user.pk or device.confirmed:
        return None
    token = _normalise(code)
    # Not a code the app could show: refused without spending one of django-otp's attempts.
    if len(token) != device.digits or not token.isdigit() or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_issue(user=user)


def second_factor_check(*, user: User, code: str) -> tuple[Device, str] | None:
    """The device that accepts this code and how ("authenticator" or "recovery_code"), or
    None. A recovery code is used up by the check; an authenticator code cannot be replayed
    (django-otp remembers the last time step it accepted)."""
    token = _normalise(code)
    if not token:
        return None
    with transaction.atomic():
        totp = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("created_at")
            .first()
        )
        is_app_code = len(token) == (totp.digits if totp else 0) and token.isdigit()
        if totp is not None and is_app_code and totp.verify_token(token):
            return totp, "authenticator"
        static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if static is not None and static.verify_token(token):
            return static, "recovery_code"
    return None


@transaction.atomic
def second_factor_remove(*, user: User) -> None:
    """Remove every second factor (a lost phone): the person sets one up again at next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def authenticator_enrolled_for_demo(*, user: User) -> TOTPDevice:
    """An authenticator already confirmed, for demo and test accounts only, whose codes are
    printed by `linkwork demo --otp USER` rather than read from a phone."""
    device = authenticator_confirmed(user=user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    return device


def authenticator_current_code(device: TOTPDevice) -> str:
    """The code the person's app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
