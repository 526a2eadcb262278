"""Scheme managers see every emergency (break-glass) access to their scheme's records."""

from __future__ import annotations

from typing import Any

from linkwork.access.selectors import RECENT_DAYS, break_glass_list_for_schemes
from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import scheme_ids_for
from linkwork.core import clock


def _break_glass(user: User) -> dict[str, Any] | None:
    schemes = scheme_ids_for(user=user, roles=frozenset({Role.SCHEME_MANAGER}))
    accesses = list(break_glass_list_for_schemes(scheme_ids=schemes)) if schemes else []
    if not accesses:
        return None
    now = clock.now()
    return {
        "days": RECENT_DAYS,
        "rows": [(access, access.opened_at <= now < access.expires_at) for access in accesses],
    }


PANELS = (
    HomePanel(
        5,
        frozenset({Role.SCHEME_MANAGER}),
        "access/_home_break_glass_panel.html",
        _break_glass,
    ),
)
