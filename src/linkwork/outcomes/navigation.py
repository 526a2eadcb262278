from __future__ import annotations

from linkwork.accounts.navigation import DAILY_STAFF, NavItem
from linkwork.accounts.roles import Role

NAV_ITEMS = (
    NavItem(
        "Questionnaires due",
        "outcomes:due",
        order=30,
        roles=frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER}),
        hub_for=DAILY_STAFF,
    ),
)
