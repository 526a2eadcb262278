"""How many safeguarding concerns are open, and how many are past their review date, on the
link worker's and scheme manager's home page. Counts only: the names are on the list."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.core import clock
from linkwork.safeguarding.selectors import open_concern_count


def _open_concerns(user: User) -> dict[str, Any] | None:
    count = open_concern_count(user=user, today=clock.today())
    return {"count": count, "url": reverse("safeguarding:concern_list")}


PANELS = (
    HomePanel(
        15,
        frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER}),
        "safeguarding/_home_panel.html",
        _open_concerns,
    ),
)
