from __future__ import annotations

from linkwork.accounts.navigation import NavItem

NAV_ITEMS = (
    NavItem("Regions", "organisations:region_list", order=80),
    NavItem("Schemes", "organisations:scheme_list", order=81),
    NavItem("Organisations", "organisations:organisation_list", order=82),
)
