"""On the scheme manager's home page: end-of-episode summaries that have not reached their
practice (failed, or not acknowledged in time), linking to the list."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.messaging.selectors import mesh_attention_for


def _attention(user: User) -> dict[str, Any] | None:
    count = mesh_attention_for(user=user).count()
    if not count:
        return None
    return {"count": count, "url": reverse("messaging:mesh_sends")}


PANELS = (
    HomePanel(40, frozenset({Role.SCHEME_MANAGER}), "messaging/_home_mesh_panel.html", _attention),
)
