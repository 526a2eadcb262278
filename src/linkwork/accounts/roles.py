"""Staff roles. Pure data so that navigation, permissions and the demo agree on one list."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LINK_WORKER = "link_worker"
    REFERRER_GP = "referrer_gp"
    REFERRER_NURSE = "referrer_nurse"
    REFERRER_RECEPTIONIST = "referrer_receptionist"
    REFERRER_OTHER = "referrer_other"
    PRACTICE_MANAGER = "practice_manager"
    SCHEME_MANAGER = "scheme_manager"
    VCSE_WORKER = "vcse_worker"
    COMMISSIONER = "commissioner"
    RESEARCHER = "researcher"
    SYSTEM_ADMIN = "system_admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.LINK_WORKER: "Link worker",
    Role.REFERRER_GP: "Referrer: GP",
    Role.REFERRER_NURSE: "Referrer: practice nurse",
    Role.REFERRER_RECEPTIONIST: "Referrer: receptionist",
    Role.REFERRER_OTHER: "Referrer: other practice staff",
    Role.PRACTICE_MANAGER: "Practice manager",
    Role.SCHEME_MANAGER: "Scheme manager",
    Role.VCSE_WORKER: "VCSE worker",
    Role.COMMISSIONER: "Commissioner",
    Role.RESEARCHER: "Researcher",
    Role.SYSTEM_ADMIN: "System administrator",
}

REFERRER_ROLES = frozenset(
    {Role.REFERRER_GP, Role.REFERRER_NURSE, Role.REFERRER_RECEPTIONIST, Role.REFERRER_OTHER}
)
# Roles whose membership only makes sense inside one scheme.
SCHEME_ROLES = frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER})

# When a person holds several roles, the home page follows the first one in this order.
HOME_PRECEDENCE: tuple[Role, ...] = (
    Role.LINK_WORKER,
    Role.SCHEME_MANAGER,
    Role.PRACTICE_MANAGER,
    Role.REFERRER_GP,
    Role.REFERRER_NURSE,
    Role.REFERRER_RECEPTIONIST,
    Role.REFERRER_OTHER,
    Role.VCSE_WORKER,
    Role.COMMISSIONER,
    Role.RESEARCHER,
    Role.SYSTEM_ADMIN,
)


def primary_role(roles: frozenset[Role]) -> Role | None:
    for role in HOME_PRECEDENCE:
        if role in roles:
            return role
    return None
