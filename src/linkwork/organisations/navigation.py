from __future__ import annotations

from linkwork.accounts.navigation import DAILY_STAFF, NavItem

NAV_ITEMS = (
    NavItem("Regions", "organisations:region_list", order=80, hub_for=DAILY_STAFF),
    NavItem("Schemes", "organisations:scheme_list", order=81, hub_for=DAILY_STAFF),
    NavItem("Organisations", "organisations:organisation_list", order=82, hub_for=DAILY_STAFF),
)
