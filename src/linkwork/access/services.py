"""Giving a role that opens people's records: a request by one administrator, a decision by a
second, and time-limited emergency (break-glass) access. Every step is audited."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from linkwork.access.actor import acting_as
from linkwork.access.permissions import is_administrator
from linkwork.accounts.models import BreakGlassAccess, Membership, RoleGrantRequest, User
from linkwork.accounts.roles import SCHEME_ROLES, Role
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.organisations.models import Organisation, Scheme


def _require_administrator(actor: User) -> None:
    if not is_administrator(actor):
        raise DomainError(
            "Only system administrators can grant roles or use emergency access.",
            code="not_administrator",
        )


def _audit_grant(*, actor: User, grant: RoleGrantRequest, action: str, **extra: object) -> None:
    """One audit event per step of a grant, each naming who, which role and where."""
    audit_record(
        actor=actor,
        action=action,
        object_type="role_grant",
        object_id=grant.pk,
        scheme_id=grant.scheme_id,
        detail={
            "user_id": str(grant.user_id),
            "username": grant.user.username,
            "role": grant.role,
            "organisation_id": str(grant.organisation_id),
            "scheme_id": str(grant.scheme_id) if grant.scheme_id else None,
            "requested_by": str(grant.requested_by_id),
            **extra,
        },
    )


@transaction.atomic
def grant_request_create(
    *,
    actor: User,
    user: User,
    role: Role,
    organisation: Organisation,
    scheme: Scheme | None,
    reason: str,
) -> RoleGrantRequest:
    _require_administrator(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "Say why the role is needed.",
            code="reason_required",
            field_errors={"reason": ["Enter the reason this person needs the role."]},
        )
    if role in SCHEME_ROLES and scheme is None:
        raise DomainError(
            "Link workers and scheme managers belong to a scheme.",
            code="scheme_required",
            field_errors={"scheme": ["Choose the scheme this role is in."]},
        )
    if role not in SCHEME_ROLES:
        scheme = None
    if Membership.objects.filter(
        user=user, organisation=organisation, scheme=scheme, role=role.value, ended_on__isnull=True
    ).exists():
        raise DomainError(f"{user} already holds this role.", code="already_granted")
    if RoleGrantRequest.objects.filter(
        user=user,
        organisation=organisation,
        scheme=scheme,
        role=role.value,
        status=RoleGrantRequest.Status.PENDING,
    ).exists():
        raise DomainError(
            "The same request is already waiting for a second administrator.",
            code="already_requested",
        )
    grant = RoleGrantRequest(
        user=user,
        role=role.value,
        organisation=organisation,
        scheme=scheme,
        reason=reason,
        requested_by=actor,
    )
    grant.full_clean()
    grant.save()
    _audit_grant(actor=actor, grant=grant, action=AuditEvent.Action.GRANT_REQUESTED, reason=reason)
    return grant


def _check_decider(*, actor: User, grant: RoleGrantRequest) -> None:
    _require_administrator(actor)
    if grant.status != RoleGrantRequest.Status.PENDING:
        raise DomainError(
            f"This request has already been {grant.get_status_display().lower()}.",
            code="already_decided",
        )
    if actor.pk == grant.requested_by_id:
        raise DomainError(
            "A second administrator must decide this request, not the one who made it.",
            code="self_approval",
        )
    if actor.pk == grant.user_id:
        raise DomainError(
            "Another administrator must decide a request that gives you a role.",
            code="own_grant",
        )


@transaction.atomic
def grant_request_approve(
    *, actor: User, grant: RoleGrantRequest, note: str = ""
) -> RoleGrantRequest:
    grant = RoleGrantRequest.objects.select_for_update().select_related("user").get(pk=grant.pk)
    _check_decider(actor=actor, grant=grant)
    with acting_as(actor):
        membership = Membership(
            user=grant.user,
            organisation_id=grant.organisation_id,
            scheme_id=grant.scheme_id,
            role=grant.role,
            started_on=clock.today(),
        )
        membership.full_clean()
        membership.save()
        if grant.role == Role.SYSTEM_ADMIN.value:
            # A system administrator configures the registry in the Django admin.
            grant.user.is_staff = True
            grant.user.is_superuser = True
            grant.user.save(update_fields=["is_staff", "is_superuser"])
    grant.status = RoleGrantRequest.Status.APPROVED
    grant.decided_by = actor
    grant.decided_at = clock.now()
    grant.decision_note = note.strip()
    grant.membership = membership
    grant.save()
    _audit_grant(
        actor=actor,
        grant=grant,
        action=AuditEvent.Action.GRANT_APPROVED,
        membership_id=str(membership.pk),
        note=note,
    )
    return grant


@transaction.atomic
def grant_request_refuse(
    *, actor: User, grant: RoleGrantRequest, note: str = ""
) -> RoleGrantRequest:
    grant = RoleGrantRequest.objects.select_for_update().select_related("user").get(pk=grant.pk)
    _check_decider(actor=actor, grant=grant)
    grant.status = RoleGrantRequest.Status.REFUSED
    grant.decided_by = actor
    grant.decided_at = clock.now()
    grant.decision_note = note.strip()
    grant.save()
    _audit_grant(actor=actor, grant=grant, action=AuditEvent.Action.GRANT_REFUSED, note=note)
    return grant


@transaction.atomic
def break_glass_open(*, actor: User, scheme: Scheme, reason: str, hours: int) -> BreakGlassAccess:
    """Emergency access to one scheme's records for `hours` (at most
    LINKWORK_BREAK_GLASS_MAX_HOURS). It ends by itself; the scheme's managers see it on their
    home page."""
    _require_administrator(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "Say why emergency access is needed.",
            code="reason_required",
            field_errors={"reason": ["Enter the reason you need emergency access."]},
        )
    limit: int = settings.LINKWORK_BREAK_GLASS_MAX_HOURS
    if not 1 <= hours <= limit:
        raise DomainError(
            f"Emergency access lasts from 1 to {limit} hours.",
            code="hours_out_of_range",
            field_errors={"hours": [f"Enter a number of hours from 1 to {limit}."]},
        )
    opened_at = clock.now()
    access = BreakGlassAccess(
        user=actor,
        scheme=scheme,
        reason=reason,
        opened_at=opened_at,
        expires_at=opened_at + timedelta(hours=hours),
    )
    access.full_clean()
    access.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.BREAK_GLASS,
        object_type="break_glass",
        object_id=access.pk,
        scheme_id=scheme.pk,
        detail={
            "reason": reason,
            "hours": hours,
            "opened_at": opened_at.isoformat(),
            "expires_at": access.expires_at.isoformat(),
        },
    )
    return access
