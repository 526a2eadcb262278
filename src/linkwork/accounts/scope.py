"""What a user may see of people's records: one place that every identifiable query uses.

- Link workers and scheme managers: the people and referrals of their own schemes.
  Case notes only for the person's own link workers (current or past) and scheme managers.
- Referrers: the referrals they made, with status only.
- Practice managers: their practice's referrals, without case notes.
- VCSE workers: the connections made to their organisation's services (minimum details).
- Commissioners, researchers: aggregates and pseudonymised data only; no records.
- System administrators: configuration; they do not browse records.
- Emergency (break-glass) access: the people and referrals of one scheme, for a few hours.

Roles come from memberships only. Memberships that open records are created by an approved
grant (two administrators), never by a pending or refused request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from linkwork.accounts.models import User
from linkwork.accounts.roles import REFERRER_ROLES, Role
from linkwork.accounts.selectors import BREAK_GLASS, access_rows


@dataclass(frozen=True, slots=True)
class Scope:
    user_id: uuid.UUID
    link_worker_schemes: frozenset[uuid.UUID]
    managed_schemes: frozenset[uuid.UUID]
    referrer_practices: frozenset[uuid.UUID]
    managed_practices: frozenset[uuid.UUID]
    vcse_organisations: frozenset[uuid.UUID]
    break_glass_schemes: frozenset[uuid.UUID] = frozenset()

    @property
    def casework_schemes(self) -> frozenset[uuid.UUID]:
        return self.link_worker_schemes | self.managed_schemes | self.break_glass_schemes


def scope_for(user: User) -> Scope:
    cached: Scope | None = getattr(user, "_linkwork_scope", None)
    if cached is not None:
        return cached
    lw: set[uuid.UUID] = set()
    sm: set[uuid.UUID] = set()
    ref: set[uuid.UUID] = set()
    pm: set[uuid.UUID] = set()
    vcse: set[uuid.UUID] = set()
    glass: set[uuid.UUID] = set()
    for kind, scheme_id, organisation_id in access_rows(user=user):
        if kind == BREAK_GLASS:
            if scheme_id:
                glass.add(scheme_id)
            continue
        role = Role(kind)
        if role is Role.LINK_WORKER and scheme_id:
            lw.add(scheme_id)
        elif role is Role.SCHEME_MANAGER and scheme_id:
            sm.add(scheme_id)
        elif role in REFERRER_ROLES:
            ref.add(organisation_id)
        elif role is Role.PRACTICE_MANAGER:
            pm.add(organisation_id)
        elif role is Role.VCSE_WORKER:
            vcse.add(organisation_id)
    scope = Scope(
        user_id=user.pk,
        link_worker_schemes=frozenset(lw),
        managed_schemes=frozenset(sm),
        referrer_practices=frozenset(ref),
        managed_practices=frozenset(pm),
        vcse_organisations=frozenset(vcse),
        break_glass_schemes=frozenset(glass),
    )
    user._linkwork_scope = scope  # type: ignore[attr-defined]
    return scope
