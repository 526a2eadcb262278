"""Who sees which schemes' evaluation, and how.

- Scheme managers: their own schemes, without small-number suppression.
- Commissioners: the schemes their organisation commissions (directly, or through the
  organisations it contains), aggregates only, small groups suppressed.
- Researchers: every scheme, pseudonymised aggregates, small groups suppressed.
Everyone else has no evaluation view."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.scope import scope_for
from linkwork.accounts.selectors import organisation_ids_for, user_roles
from linkwork.organisations.models import Scheme


@dataclass(frozen=True)
class EvaluationScope:
    scheme_ids: tuple[uuid.UUID, ...]
    audience: str  # "scheme" or "external"
    label: str


def evaluation_scope_for(*, user: User) -> EvaluationScope:
    roles = user_roles(user=user)
    managed = scope_for(user).managed_schemes
    if managed:
        return EvaluationScope(tuple(sorted(managed, key=str)), "scheme", "your schemes")
    if Role.COMMISSIONER in roles:
        orgs = organisation_ids_for(user=user, roles=frozenset({Role.COMMISSIONER}))
        ids = Scheme.objects.filter(
            Q(commissioner_id__in=orgs) | Q(commissioner__parent_id__in=orgs)
        ).values_list("pk", flat=True)
        return EvaluationScope(
            tuple(sorted(ids, key=str)), "external", "the schemes you commission"
        )
    if Role.RESEARCHER in roles:
        ids = Scheme.objects.values_list("pk", flat=True)
        return EvaluationScope(tuple(sorted(ids, key=str)), "external", "all schemes")
    raise PermissionDenied("Evaluation dashboards are for managers, commissioners and researchers.")
