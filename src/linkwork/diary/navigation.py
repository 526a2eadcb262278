from __future__ import annotations

from linkwork.accounts.navigation import DAILY_STAFF, NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem(
        "My diary",
        "diary:my_diary",
        order=14,
        roles=frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER}),
    ),
    NavItem(
        "Diary settings",
        "diary:settings",
        order=15,
        roles=frozenset({Role.SCHEME_MANAGER}),
        hub_for=DAILY_STAFF,
    ),
)
