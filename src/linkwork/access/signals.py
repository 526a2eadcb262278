"""The audit row for every change to who holds which role: memberships (role, organisation,
scheme, dates) and the administrator flags on user accounts.

These are receivers of the models' signals, not services, because the rule is "whatever path
made the change": the Django admin, a service, a management command or a shell all save
through the model. (`QuerySet.update()` and raw SQL bypass signals; nothing in linkwork
changes roles that way.)
"""

from __future__ import annotations

import getpass
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from linkwork.access.actor import acting_user
from linkwork.accounts.models import Membership, User
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record

USER_FLAGS = ("is_staff", "is_superuser")
NO_ACTOR = "no signed-in user (a shell or command)"


def _membership_state(membership: Membership) -> dict[str, str | None]:
    return {
        "role": membership.role,
        "organisation_id": str(membership.organisation_id),
        "scheme_id": str(membership.scheme_id) if membership.scheme_id else None,
        "started_on": membership.started_on.isoformat() if membership.started_on else None,
        "ended_on": membership.ended_on.isoformat() if membership.ended_on else None,
    }


def _user_state(user: User) -> dict[str, bool]:
    return {flag: bool(getattr(user, flag)) for flag in USER_FLAGS}


def _operator() -> dict[str, str]:
    """With no signed-in user, the operating-system account that ran the shell or command."""
    try:
        return {"actor": NO_ACTOR, "os_user": getpass.getuser()}
    except (KeyError, OSError):
        return {"actor": NO_ACTOR}


def _record(
    *,
    object_type: str,
    object_id: object,
    whom: User | None,
    whom_id: object,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    scheme_id: Any = None,
) -> None:
    actor = acting_user()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ROLE_CHANGED,
        object_type=object_type,
        object_id=object_id,
        scheme_id=scheme_id,
        detail={
            "user_id": str(whom_id),
            "username": whom.username if whom is not None else "",
            "before": before,
            "after": after,
            **({} if actor is not None else _operator()),
        },
    )


def membership_before_save(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    adding = instance._state.adding
    previous = None if adding else Membership.objects.filter(pk=instance.pk).first()
    instance._role_before = _membership_state(previous) if previous else None  # type: ignore[attr-defined]


def membership_after_save(
    sender: type[Membership], instance: Membership, created: bool, **kwargs: Any
) -> None:
    before = getattr(instance, "_role_before", None)
    after = _membership_state(instance)
    if before == after:
        return
    _record(
        object_type="membership",
        object_id=instance.pk,
        whom=instance.user,
        whom_id=instance.user_id,
        before=before,
        after=after,
        scheme_id=instance.scheme_id,
    )


def membership_after_delete(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    _record(
        object_type="membership",
        object_id=instance.pk,
        whom=User.objects.filter(pk=instance.user_id).first(),
        whom_id=instance.user_id,
        before=_membership_state(instance),
        after=None,
        scheme_id=instance.scheme_id,
    )


def user_before_save(sender: type[User], instance: User, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not set(update_fields) & set(USER_FLAGS):
        instance._flags_before = "unchanged"  # type: ignore[attr-defined]
        return  # a sign-in's last_login, say: no flag can change, no query
    previous = User.objects.filter(pk=instance.pk).first() if not instance._state.adding else None
    instance._flags_before = _user_state(previous) if previous else None  # type: ignore[attr-defined]


def user_after_save(sender: type[User], instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_flags_before", None)
    if before == "unchanged":
        return
    after = _user_state(instance)
    if before == after or (before is None and not any(after.values())):
        return  # no flag changed, or a new account with none of them
    _record(
        object_type="user",
        object_id=instance.pk,
        whom=instance,
        whom_id=instance.pk,
        before=before,
        after=after,
    )


def connect() -> None:
    uid = "linkwork.access.role_audit"
    pre_save.connect(membership_before_save, sender=Membership, dispatch_uid=f"{uid}.m.pre")
    post_save.connect(membership_after_save, sender=Membership, dispatch_uid=f"{uid}.m.post")
    post_delete.connect(membership_after_delete, sender=Membership, dispatch_uid=f"{uid}.m.del")
    pre_save.connect(user_before_save, sender=User, dispatch_uid=f"{uid}.u.pre")
    post_save.connect(user_after_save, sender=User, dispatch_uid=f"{uid}.u.post")
