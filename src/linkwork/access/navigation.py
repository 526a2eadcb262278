from __future__ import annotations

from linkwork.accounts.navigation import NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem("Access grants", "access:grant_list", order=990, roles=frozenset({Role.SYSTEM_ADMIN})),
)
