from __future__ import annotations

from linkwork.accounts.navigation import NavItem
from linkwork.accounts.roles import REFERRER_ROLES, Role

CASEWORK = frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER})

NAV_ITEMS = (
    NavItem("People", "people:person_search", order=10, roles=CASEWORK),
    NavItem(
        "Refer someone",
        "episodes:referral_new",
        order=11,
        roles=CASEWORK | frozenset(REFERRER_ROLES),
        hub_for=frozenset({Role.SCHEME_MANAGER}),
    ),
    # Handover is reached from the caseload page, which also hands over the people ticked.
    NavItem("Inbox", "episodes:vcse_inbox", order=13, roles=frozenset({Role.VCSE_WORKER})),
)
