"""Due and overdue questionnaires on the link worker's and scheme manager's home page."""

from __future__ import annotations

from typing import Any

from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.outcomes.selectors import due_lists_for


def _due(user: User) -> dict[str, Any] | None:
    lists = due_lists_for(user=user, today=clock.today())
    return {"due_items": lists.open, "after_discharge_items": lists.after_discharge}


PANELS = (
    HomePanel(
        20,
        frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER}),
        "outcomes/_home_due_panel.html",
        _due,
    ),
)
