from __future__ import annotations

from linkwork.accounts.navigation import DAILY_STAFF, NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem(
        "Implementation",
        "implementation:index",
        order=60,
        roles=frozenset({Role.PRACTICE_MANAGER, Role.SCHEME_MANAGER, Role.SYSTEM_ADMIN}),
        hub_for=DAILY_STAFF,
    ),
    NavItem(
        "Activity log",
        "implementation:activity_week",
        order=61,
        roles=frozenset({Role.LINK_WORKER}),
        hub_for=DAILY_STAFF,
    ),
)
