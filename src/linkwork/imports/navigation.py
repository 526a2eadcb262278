from __future__ import annotations

from linkwork.accounts.navigation import DAILY_STAFF, NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem(
        "Imports",
        "imports:index",
        order=70,
        roles=frozenset({Role.SCHEME_MANAGER}),
        hub_for=DAILY_STAFF,
    ),
)
