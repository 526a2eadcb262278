"""Reads of referrals for the pages. Identifiable: only through the scoped querysets in
`referrals.permissions`, and lists are audited by the views that show them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.accounts.selectors import user_roles
from linkwork.core.errors import DomainError, NotFoundError
from linkwork.core.extensions import ImportedFrom, imported_from
from linkwork.episodes.lifecycle import OPEN_STATUSES
from linkwork.episodes.models import Referral, ReferralEvent
from linkwork.episodes.permissions import referral_list_for
from linkwork.organisations.models import Organisation, Scheme
from linkwork.organisations.selectors import scheme_policy_or_none


def referrals_made_by(*, user: User) -> QuerySet[Referral]:
    return (
        referral_list_for(user=user)
        .filter(referrer=user)
        .select_related("person", "scheme")
        .order_by("-received_on", "pk")
    )


def referrals_for_practices(*, user: User) -> QuerySet[Referral]:
    scope = scope_for(user)
    return (
        Referral.objects.filter(practice_id__in=scope.managed_practices)
        .filter(person__restricted=False)
        .select_related("person", "scheme", "practice")
        .order_by("-received_on", "pk")
    )


def referral_timeline(*, referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.select_related("actor").order_by("at", "id")


def timeline_imports(*, events: Iterable[ReferralEvent]) -> dict[str, ImportedFrom]:
    """Where the import runs named by `events` came from (the `imported_from` hook)."""
    runs = {str(e.data["import_run"]) for e in events if (e.data or {}).get("import_run")}
    found: dict[str, ImportedFrom] = {}
    if runs:
        for provider in imported_from.providers:
            found.update(provider(runs))
    return found


def episodes_of_person(*, person_id: uuid.UUID) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(person_id=person_id)
        .select_related("scheme", "link_worker", "practice")
        .prefetch_related("encounters", "goals", "connections", "financial_gains")
        .order_by("-received_on")
    )


def schemes_taking_referrals_from(*, practice_ids: frozenset[uuid.UUID]) -> QuerySet[Scheme]:
    return Scheme.objects.filter(practices__in=list(practice_ids)).distinct().order_by("name")


def open_statuses() -> list[str]:
    return [s.value for s in OPEN_STATUSES]


# A referrer's own role fixes the source of their referrals.
ROLE_SOURCES = {
    Role.REFERRER_GP: "gp",
    Role.REFERRER_NURSE: "practice_nurse",
    Role.REFERRER_RECEPTIONIST: "receptionist",
    Role.REFERRER_OTHER: "other_practice_staff",
}


@dataclass(frozen=True)
class ReferralFormChoices:
    """Which schemes and practices a user may refer from, and the source their role fixes
    (None for link workers and managers, who choose the source)."""

    schemes: QuerySet[Scheme]
    practices: QuerySet[Organisation]
    fixed_source: str | None


def referral_form_choices(*, user: User) -> ReferralFormChoices:
    """Raises PermissionDenied for a user who makes no referrals here."""
    scope = scope_for(user)
    if scope.casework_schemes:
        schemes = Scheme.objects.filter(pk__in=scope.casework_schemes).select_related("region")
        practices = Organisation.objects.filter(schemes_serving__in=schemes).distinct()
        return ReferralFormChoices(schemes.order_by("name"), practices.order_by("name"), None)
    practice_ids = scope.referrer_practices
    if not practice_ids:
        raise PermissionDenied("Only practice staff and link workers make referrals here.")
    roles = user_roles(user=user)
    source = next(ROLE_SOURCES[r] for r in ROLE_SOURCES if r in roles)
    schemes = Scheme.objects.filter(practices__in=practice_ids).distinct().select_related("region")
    practices = Organisation.objects.filter(pk__in=practice_ids).order_by("name")
    return ReferralFormChoices(schemes.order_by("name"), practices, source)


def scheme_for_self_referral(*, slug: str) -> Scheme:
    """The scheme whose public form this is; 404 when it takes no self-referrals."""
    scheme = Scheme.objects.select_related("region").filter(slug=slug).first()
    policy = scheme_policy_or_none(scheme) if scheme else None
    if scheme is None or policy is None or "self" not in policy.accepted_sources:
        raise Http404("This scheme does not accept self-referrals.")
    return scheme


def schemes_taking_self_referrals() -> list[Scheme]:
    """The schemes whose public self-referral form is open, by name: the public list of them.

    Filtered in Python because the accepted sources are a JSON list, which SQLite cannot
    search inside; there are few schemes."""
    schemes = Scheme.objects.select_related("region", "policy").order_by("name")
    return [
        scheme
        for scheme in schemes
        if (policy := scheme_policy_or_none(scheme)) is not None
        and "self" in policy.accepted_sources
    ]


@dataclass(frozen=True)
class IntakeRequest:
    scheme: Scheme
    practice: Organisation | None
    source: str


def referral_intake_request(
    *,
    user: User,
    scheme_id: uuid.UUID,
    practice_id: uuid.UUID | None,
    source: str | None,
) -> IntakeRequest:
    """Check that this user may refer into this scheme from this practice with this source,
    as the referral form allows; the scheme is not found for anyone who may not refer to it."""
    choices = referral_form_choices(user=user)
    scheme = choices.schemes.filter(pk=scheme_id).first()
    if scheme is None:
        raise NotFoundError("No scheme you can refer to has that id.", code="scheme_not_found")
    practice = None
    if practice_id is not None:
        practice = choices.practices.filter(pk=practice_id).first()
        if practice is None:
            raise DomainError(
                "Check the practice.",
                code="practice_not_allowed",
                field_errors={"practice": ["Not a practice you can refer from."]},
            )
    if choices.fixed_source is not None:
        if source not in (None, choices.fixed_source):
            raise DomainError(
                "Check the source.",
                code="source_fixed",
                field_errors={"source": [f"Your referrals come from: {choices.fixed_source}."]},
            )
        return IntakeRequest(scheme, practice, choices.fixed_source)
    if not source:
        raise DomainError(
            "Say where the referral comes from.",
            code="source_missing",
            field_errors={"source": ["Give the referral's source."]},
        )
    return IntakeRequest(scheme, practice, source)
