from __future__ import annotations

from linkwork.accounts.navigation import NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem(
        "Caseload",
        "caseload:list",
        order=5,
        roles=frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER}),
    ),
)
