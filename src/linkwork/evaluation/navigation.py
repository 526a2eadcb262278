from __future__ import annotations

from linkwork.accounts.navigation import DAILY_STAFF, NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem(
        "Evaluation",
        "evaluation:dashboard",
        order=60,
        roles=frozenset({Role.SCHEME_MANAGER, Role.COMMISSIONER, Role.RESEARCHER}),
        hub_for=DAILY_STAFF,
    ),
)
