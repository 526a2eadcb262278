"""Writes to the registry. Every service validates fully before it writes, inside a transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from linkwork.accounts.models import User
from linkwork.core.errors import DomainError
from linkwork.organisations.delivery_models import SchemeRunning
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import (
    Organisation,
    Region,
    Scheme,
    SchemePolicy,
    TidierDescription,
)
from linkwork.organisations.policy_rules import PolicyInput, validate_policy
from linkwork.organisations.tidier import FREE_TEXT_KEYS
from linkwork.organisations.validation import funding_problems, organisation_problems


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: OrgKind,
    region: Region,
    parent: Organisation | None = None,
    list_size: int | None = None,
    code: str = "",
    postcode: str = "",
) -> Organisation:
    name = name.strip()
    problems = organisation_problems(kind=kind, region=region, parent=parent, list_size=list_size)
    if not name:
        problems.setdefault("name", []).append("An organisation needs a name.")
    elif Organisation.objects.filter(region=region, kind=kind.value, name=name).exists():
        problems.setdefault("name", []).append(
            f"{region.name} already has a {kind.label} called {name!r}."
        )
    if problems:
        raise DomainError(
            "The organisation could not be saved.",
            code="organisation_invalid",
            field_errors=problems,
        )
    return Organisation.objects.create(
        name=name,
        kind=kind.value,
        region=region,
        parent=parent,
        list_size=list_size,
        code=code,
        postcode=postcode,
    )


def _scheme_problems(
    *,
    region: Region,
    commissioner: Organisation,
    employer: Organisation,
    managers: list[Organisation],
    practices: list[Organisation],
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if OrgKind(commissioner.kind) is OrgKind.GP_PRACTICE:
        problems["commissioner"] = ["A GP practice does not commission a link worker scheme."]
    if OrgKind(employer.kind) in {OrgKind.ICB, OrgKind.HEALTH_BOARD}:
        problems["employer"] = [
            f"A {OrgKind(employer.kind).label} commissions link workers; name who employs them."
        ]
    if not managers:
        problems["managers"] = ["Name at least one organisation that manages the link workers."]
    not_practices = [p.name for p in practices if OrgKind(p.kind) is not OrgKind.GP_PRACTICE]
    if not_practices:
        problems["practices"] = [f"These are not GP practices: {', '.join(not_practices)}."]
    elsewhere = [p.name for p in practices if p.region_id != region.pk]
    if elsewhere:
        problems.setdefault("practices", []).append(
            f"These practices are outside {region.name}: {', '.join(elsewhere)}."
        )
    return problems


@transaction.atomic
def scheme_create(
    *,
    name: str,
    region: Region,
    commissioner: Organisation,
    employer: Organisation,
    managers: Iterable[Organisation],
    practices: Iterable[Organisation] = (),
    policy: PolicyInput,
    running: SchemeRunning | None = None,
    summary: str = "",
    slug: str = "",
) -> Scheme:
    managers_list, practices_list = list(managers), list(practices)
    running = running or SchemeRunning()
    problems = _scheme_problems(
        region=region,
        commissioner=commissioner,
        employer=employer,
        managers=managers_list,
        practices=practices_list,
    )
    for field_name, messages in _running_problems(running).items():
        problems.setdefault(field_name, []).extend(messages)
    policy_problems = validate_policy(policy)
    for field_name, messages in policy_problems.by_field.items():
        problems.setdefault(field_name, []).extend(messages)
    slug = slug or slugify(name)
    if not name.strip():
        problems.setdefault("name", []).append("A scheme needs a name.")
    elif Scheme.objects.filter(slug=slug).exists():
        problems.setdefault("name", []).append(f"A scheme with the short name {slug!r} exists.")
    if problems:
        raise DomainError(
            "The scheme could not be saved.", code="scheme_invalid", field_errors=problems
        )
    scheme = Scheme.objects.create(
        name=name.strip(),
        slug=slug,
        region=region,
        commissioner=commissioner,
        employer=employer,
        summary=summary,
        **_running_fields(running),
    )
    scheme.managers.set(managers_list)
    scheme.practices.set(practices_list)
    SchemePolicy.objects.create(scheme=scheme, **_policy_fields(policy))
    TidierDescription.objects.create(scheme=scheme)
    return scheme


def _running_problems(running: SchemeRunning) -> dict[str, list[str]]:
    return funding_problems(
        nhs_percent=running.funding.nhs_percent,
        council_percent=running.funding.council_percent,
        other_percent=running.funding.other_percent,
    )


def _running_fields(running: SchemeRunning) -> dict[str, object]:
    return {
        "funding_nhs_percent": running.funding.nhs_percent,
        "funding_council_percent": running.funding.council_percent,
        "funding_other_percent": running.funding.other_percent,
        "line_manager": running.line_manager.value,
        "training_by": running.training_by.value,
        "commissioner_network": running.commissioner_network,
        "gp_lead_matrix": running.gp_lead_matrix,
    }


@transaction.atomic
def scheme_running_set(*, scheme: Scheme, running: SchemeRunning) -> Scheme:
    """Record how a scheme is run (funding, line management, training, network, matrix)."""
    problems = _running_problems(running)
    if problems:
        raise DomainError(
            "How the scheme is run has problems; nothing was changed.",
            code="scheme_running_invalid",
            field_errors=problems,
        )
    fields = _running_fields(running)
    for name, value in fields.items():
        setattr(scheme, name, value)
    scheme.save(update_fields=[*fields, "updated_at"])
    return scheme


def _policy_fields(policy: PolicyInput) -> dict[str, object]:
    return {
        "age_band": policy.age_band,
        "age_min": policy.age_min,
        "age_max": policy.age_max,
        "priority_groups": list(policy.priority_groups),
        "accepted_sources": list(policy.accepted_sources),
        "session_cap": policy.session_cap,
        "at_risk_exception": policy.at_risk_exception,
        "rereferral_min_gap_days": policy.rereferral_min_gap_days,
        "exclusions": list(policy.exclusions),
        "home_visits": policy.home_visits,
        "accompaniment": policy.accompaniment,
        "outcome_tools": list(policy.outcome_tools),
    }


@transaction.atomic
def scheme_policy_set(*, scheme: Scheme, policy: PolicyInput) -> SchemePolicy:
    problems = validate_policy(policy)
    if problems:
        raise DomainError(
            "The scheme policy has problems; nothing was changed.",
            code="policy_invalid",
            field_errors=problems.by_field,
        )
    record, _ = SchemePolicy.objects.update_or_create(
        scheme=scheme, defaults=_policy_fields(policy)
    )
    scheme.policy = record  # keep the caller's object in step with what is stored
    return record


@transaction.atomic
def scheme_delivery_model_override(
    *, scheme: Scheme, actor: User, model: int | None, reason: str
) -> Scheme:
    """Set (or with model=None clear) a manager's override of the derived delivery model."""
    reason = reason.strip()
    if model is not None and model not in (1, 2, 3, 4):
        raise DomainError(
            f"A delivery model is 1, 2, 3 or 4; got {model}.",
            code="override_invalid",
            field_errors={"model": ["Choose model 1, 2, 3 or 4."]},
        )
    if model is not None and not reason:
        raise DomainError(
            "Say why the derived delivery model is being overridden.",
            code="override_needs_reason",
            field_errors={"reason": ["Give the reason for the override."]},
        )
    scheme.delivery_model_override = model
    scheme.override_reason = reason if model is not None else ""
    scheme.override_by = actor if model is not None else None
    scheme.override_at = timezone.now() if model is not None else None
    scheme.save(
        update_fields=[
            "delivery_model_override",
            "override_reason",
            "override_by",
            "override_at",
            "updated_at",
        ]
    )
    return scheme


@transaction.atomic
def scheme_tidier_update(*, scheme: Scheme, free_text: dict[str, str]) -> TidierDescription:
    unknown = sorted(set(free_text) - set(FREE_TEXT_KEYS))
    if unknown:
        raise DomainError(
            f"These TIDieR items are generated from the registry and cannot be typed: "
            f"{', '.join(unknown)}.",
            code="tidier_generated_item",
        )
    record, _ = TidierDescription.objects.get_or_create(scheme=scheme)
    for key, value in free_text.items():
        setattr(record, key, value.strip())
    record.save()
    return record
