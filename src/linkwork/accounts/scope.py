"""What a user may see of people's records: one place that every identifiable query uses.

- Link workers and scheme managers: the people and referrals of their own schemes.
  Case notes only for the person's own link workers (current or past) and scheme managers.
- Referrers: the referrals they made, with status only.
- Practice managers: their practice's referrals, without case notes.
- VCSE workers: the connections made to their organisation's services (minimum details).
- Commissioners, researchers: aggregates and pseudonymised data only; no records.
- System administrators: configuration; they do not browse records.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from linkwork.accounts.models import User
from linkwork.accounts.roles import REFERRER_ROLES, Role
from linkwork.accounts.selectors import membership_list_active


@dataclass(frozen=True, slots=True)
class Scope:
    user_id: uuid.UUID
    link_worker_schemes: frozenset[uuid.UUID]
    managed_schemes: frozenset[uuid.UUID]
    referrer_practices: frozenset[uuid.UUID]
    managed_practices: frozenset[uuid.UUID]
    vcse_organisations: frozenset[uuid.UUID]

    @property
    def casework_schemes(self) -> frozenset[uuid.UUID]:
        return self.link_worker_schemes | self.managed_schemes


def scope_for(user: User) -> Scope:
    cached: Scope | None = getattr(user, "_linkwork_scope", None)
    if cached is not None:
        return cached
    lw, sm, ref, pm, vcse = set(), set(), set(), set(), set()
    for membership in membership_list_active(user=user):
        role = Role(membership.role)
        if role is Role.LINK_WORKER and membership.scheme_id:
            lw.add(membership.scheme_id)
        elif role is Role.SCHEME_MANAGER and membership.scheme_id:
            sm.add(membership.scheme_id)
        elif role in REFERRER_ROLES:
            ref.add(membership.organisation_id)
        elif role is Role.PRACTICE_MANAGER:
            pm.add(membership.organisation_id)
        elif role is Role.VCSE_WORKER:
            vcse.add(membership.organisation_id)
    scope = Scope(
        user_id=user.pk,
        link_worker_schemes=frozenset(lw),
        managed_schemes=frozenset(sm),
        referrer_practices=frozenset(ref),
        managed_practices=frozenset(pm),
        vcse_organisations=frozenset(vcse),
    )
    user._linkwork_scope = scope  # type: ignore[attr-defined]
    return scope
