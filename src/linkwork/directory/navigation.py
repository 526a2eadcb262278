from __future__ import annotations

from linkwork.accounts.navigation import NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem("Directory", "directory:search", order=50),
    NavItem(
        "Directory checks",
        "directory:stale_list",
        order=51,
        roles=frozenset({Role.SCHEME_MANAGER, Role.SYSTEM_ADMIN}),
    ),
)
