from __future__ import annotations

from linkwork.accounts.navigation import DAILY_STAFF, NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem(
        "Workforce",
        "workforce:index",
        order=62,
        roles=frozenset(
            {
                Role.LINK_WORKER,
                Role.SCHEME_MANAGER,
                Role.PRACTICE_MANAGER,
                Role.COMMISSIONER,
                Role.SYSTEM_ADMIN,
            }
        ),
        hub_for=DAILY_STAFF,
    ),
)
