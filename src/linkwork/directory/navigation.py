from __future__ import annotations

from linkwork.accounts.navigation import DAILY_STAFF, NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem("Directory", "directory:search", order=50, hub_for=DAILY_STAFF),
    NavItem(
        "Directory checks",
        "directory:stale_list",
        order=51,
        roles=frozenset({Role.SCHEME_MANAGER, Role.SYSTEM_ADMIN}),
        hub_for=DAILY_STAFF,
    ),
)
