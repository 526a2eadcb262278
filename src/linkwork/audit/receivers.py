"""Sign-in and account-security events into the audit trail, from the signals Django,
django-axes and the accounts app send. Connected once, from AuditConfig.ready().

Nothing typed as a password is ever stored: Django masks it in a failed sign-in's credentials,
and only the username is kept, and only when it names a real account (people sometimes type
their password into the username box).
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.http import HttpRequest

from linkwork.accounts.client_address import client_address
from linkwork.accounts.models import User
from linkwork.accounts.signals import (
    second_factor_enrolled,
    second_factor_reset,
    second_factor_verified,
)
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record

Action = AuditEvent.Action


def _where(request: HttpRequest | None) -> dict[str, object]:
    if request is None or not getattr(request, "META", None):
        return {}
    return {"address": client_address(request) or ""}


def _record(action: str, user: User | None, request: HttpRequest | None, **detail: object) -> None:
    audit_record(
        actor=user,
        action=action,
        object_type="user",
        object_id=user.pk if user is not None else "",
        detail={**_where(request), **detail},
    )


def _account(username: object) -> User | None:
    if not isinstance(username, str) or not username:
        return None
    return User.objects.filter(username=username).first()


def on_signed_in(sender: object, request: HttpRequest | None, user: User, **kw: Any) -> None:
    _record(Action.SIGN_IN, user, request, step="password")


def on_sign_in_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    user = _account(credentials.get("username"))
    step = "second_factor" if credentials.get("step") == "second_factor" else "password"
    _record(Action.SIGN_IN_FAILED, user, request, step=step, known_account=user is not None)


def on_signed_out(
    sender: object, request: HttpRequest | None, user: User | None, **kw: Any
) -> None:
    if user is not None:
        _record(Action.SIGN_OUT, user, request)


def on_locked_out(
    sender: object, request: HttpRequest | None, username: str | None = None, **kw: Any
) -> None:
    user = _account(username)
    _record(Action.LOCKED_OUT, user, request, known_account=user is not None)


def on_enrolled(sender: object, user: User, request: HttpRequest | None, **kw: Any) -> None:
    _record(Action.MFA_ENROLLED, user, request, method="authenticator")


def on_verified(
    sender: object,
    user: User,
    request: HttpRequest | None,
    method: str,
    recovery_codes_left: int,
    **kw: Any,
) -> None:
    detail: dict[str, object] = {"step": "second_factor", "method": method}
    if method == "recovery_code":
        detail["recovery_codes_left"] = recovery_codes_left
    _record(Action.SIGN_IN, user, request, **detail)


def on_reset(
    sender: object, user: User, request: HttpRequest | None, reason: str, **kw: Any
) -> None:
    actor = getattr(request, "user", None) if request is not None else None
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        action=Action.MFA_RESET,
        object_type="user",
        object_id=user.pk,
        detail={**_where(request), "reason": reason},
    )


def on_user_saved(sender: type[User], instance: User, created: bool, **kw: Any) -> None:
    # set_password() leaves the new raw password in `_password` until save() has finished;
    # its presence (never its value) says the password changed.
    if not created and getattr(instance, "_password", None) is not None:
        _record(Action.PASSWORD_CHANGED, instance, None)


def connect() -> None:
    user_logged_in.connect(on_signed_in, dispatch_uid="audit-sign-in")
    user_login_failed.connect(on_sign_in_failed, dispatch_uid="audit-sign-in-failed")
    user_logged_out.connect(on_signed_out, dispatch_uid="audit-sign-out")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit-locked-out")
    second_factor_enrolled.connect(on_enrolled, dispatch_uid="audit-mfa-enrolled")
    second_factor_verified.connect(on_verified, dispatch_uid="audit-mfa-verified")
    second_factor_reset.connect(on_reset, dispatch_uid="audit-mfa-reset")
    post_save.connect(on_user_saved, sender=User, dispatch_uid="audit-password-changed")
