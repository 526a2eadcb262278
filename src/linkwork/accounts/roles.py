"""Staff roles. Pure data so that navigation, permissions and the demo agree on one list."""

from __future__ import annotations

from linkwork.core.choices import Choices


class Role(Choices):
    LINK_WORKER = "link_worker", "Link worker"
    REFERRER_GP = "referrer_gp", "Referrer: GP"
    REFERRER_NURSE = "referrer_nurse", "Referrer: practice nurse"
    REFERRER_RECEPTIONIST = "referrer_receptionist", "Referrer: receptionist"
    REFERRER_OTHER = "referrer_other", "Referrer: other practice staff"
    PRACTICE_MANAGER = "practice_manager", "Practice manager"
    SCHEME_MANAGER = "scheme_manager", "Scheme manager"
    VCSE_WORKER = "vcse_worker", "VCSE worker"
    COMMISSIONER = "commissioner", "Commissioner"
    RESEARCHER = "researcher", "Researcher"
    SYSTEM_ADMIN = "system_admin", "System administrator"


REFERRER_ROLES = frozenset(
    {Role.REFERRER_GP, Role.REFERRER_NURSE, Role.REFERRER_RECEPTIONIST, Role.REFERRER_OTHER}
)
# Roles whose membership only makes sense inside one scheme.
SCHEME_ROLES = frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER})
# Roles that open identifiable records of other people (see `accounts.scope`).
RECORD_ROLES = frozenset(
    {Role.LINK_WORKER, Role.SCHEME_MANAGER, Role.PRACTICE_MANAGER, Role.VCSE_WORKER}
)
# Roles one administrator can never give alone: a second administrator approves the grant.
# System administrator is among them, or one administrator could make a second account to
# approve their own requests.
GUARDED_ROLES = RECORD_ROLES | {Role.SYSTEM_ADMIN}

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


# Commissioners and researchers see only counts, suppressed small numbers and pseudonymised
# datasets, never a person's name or NHS number, so a stolen password alone reveals nobody.
# Every other role sees identifiable records and must sign in with a second factor.
SECOND_FACTOR_EXEMPT_ROLES = frozenset({Role.COMMISSIONER, Role.RESEARCHER})


def second_factor_required(roles: frozenset[Role], *, is_staff: bool) -> bool:
    """Administrators, and anyone holding a role that sees identifiable data, need a second
    factor. A person with no role yet needs one too: a role granted later must not find an
    account that signs in with a password alone."""
    if is_staff or not roles:
        return True
    return not roles <= SECOND_FACTOR_EXEMPT_ROLES
