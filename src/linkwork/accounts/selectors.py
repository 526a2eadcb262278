"""Reads about staff: their roles, memberships and what their home page shows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import CharField, QuerySet, Value

from linkwork.accounts.models import BreakGlassAccess, Membership, User
from linkwork.accounts.roles import Role, primary_role
from linkwork.core import clock

# The kind `access_rows` gives an emergency access (never a role's value).
BREAK_GLASS = "break_glass"


def membership_list_active(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, ended_on__isnull=True)
        .select_related("organisation", "organisation__region", "scheme")
        .order_by("role")
    )


def break_glass_list_active(*, user: User | None = None) -> QuerySet[BreakGlassAccess]:
    """Emergency accesses open now. Expiry is a comparison with the clock, not a job that
    has to run: an access past its `expires_at` is never returned."""
    now = clock.now()
    qs = BreakGlassAccess.objects.filter(opened_at__lte=now, expires_at__gt=now)
    return qs if user is None else qs.filter(user=user)


def access_rows(*, user: User) -> list[tuple[str, uuid.UUID | None, uuid.UUID]]:
    """(role or BREAK_GLASS, scheme id, organisation id) for each active membership and each
    open emergency access, in one query (every page asks this once)."""
    memberships = (
        Membership.objects.filter(user=user, ended_on__isnull=True)
        .order_by()
        .values_list("role", "scheme_id", "organisation_id")
    )
    glass = (
        break_glass_list_active(user=user)
        .order_by()
        .values_list(Value(BREAK_GLASS, output_field=CharField()), "scheme_id", "scheme_id")
    )
    return list(memberships.union(glass, all=True))


def user_roles(*, user: User) -> frozenset[Role]:
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_linkwork_roles", None)
    if cached is not None:
        return cached
    roles = {
        Role(value) for value in membership_list_active(user=user).values_list("role", flat=True)
    }
    if user.is_superuser:
        roles.add(Role.SYSTEM_ADMIN)
    result = frozenset(roles)
    user._linkwork_roles = result  # type: ignore[attr-defined]
    return result


@dataclass(frozen=True, slots=True)
class HomePage:
    role: Role | None
    heading: str
    lead: str
    memberships: list[Membership]


HOME_TEXT: dict[Role, tuple[str, str]] = {
    Role.LINK_WORKER: (
        "Link worker home",
        "Your scheme, its policy and the practices you serve.",
    ),
    Role.SCHEME_MANAGER: (
        "Scheme manager home",
        "Your scheme's settings, delivery model and TIDieR description.",
    ),
    Role.PRACTICE_MANAGER: (
        "Practice manager home",
        "Referrals from your practice and how far each has got.",
    ),
    Role.REFERRER_GP: ("Referrer home", "The link worker schemes you can refer people to."),
    Role.REFERRER_NURSE: ("Referrer home", "The link worker schemes you can refer people to."),
    Role.REFERRER_RECEPTIONIST: (
        "Referrer home",
        "The link worker schemes you can refer people to.",
    ),
    Role.REFERRER_OTHER: ("Referrer home", "The link worker schemes you can refer people to."),
    Role.VCSE_WORKER: (
        "VCSE home",
        "Your organisation. People connected to its services are in your Inbox.",
    ),
    Role.COMMISSIONER: (
        "Commissioner home",
        "The schemes you commission and how they are delivered.",
    ),
    Role.RESEARCHER: (
        "Researcher home",
        "Schemes, delivery models and regions across the registry.",
    ),
    Role.SYSTEM_ADMIN: (
        "System administration",
        "Configure regions, organisations, schemes and staff accounts.",
    ),
}


def home_page(*, user: User) -> HomePage:
    role = primary_role(user_roles(user=user))
    heading, lead = (
        HOME_TEXT.get(role, ("Welcome", ""))
        if role
        else (
            "Welcome",
            "Your account has no role yet. Ask your system administrator to add you to your "
            "organisation.",
        )
    )
    return HomePage(
        role=role,
        heading=heading,
        lead=lead,
        memberships=list(membership_list_active(user=user)),
    )


def scheme_ids_for(*, user: User, roles: frozenset[Role]) -> set[uuid.UUID]:
    """Schemes in which the user holds one of `roles` (active memberships only)."""
    return set(
        membership_list_active(user=user)
        .filter(role__in=[r.value for r in roles], scheme__isnull=False)
        .values_list("scheme_id", flat=True)
    )


def organisation_ids_for(*, user: User, roles: frozenset[Role]) -> set[uuid.UUID]:
    """Organisations for which the user holds one of `roles` (active memberships only)."""
    return set(
        membership_list_active(user=user)
        .filter(role__in=[r.value for r in roles])
        .values_list("organisation_id", flat=True)
    )
