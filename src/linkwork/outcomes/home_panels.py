"""Due and overdue questionnaires on the link worker's and scheme manager's home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.pagination import Preview, preview_size
from linkwork.outcomes.selectors import due_lists_for


def _due(user: User) -> dict[str, Any] | None:
    # Every due questionnaire is worked out (the schedule rules run in Python), but the page
    # shows, and the audit names, only the first of each list; "See all" pages the rest.
    lists = due_lists_for(user=user, today=clock.today(), audit=False)
    size = preview_size()
    due = Preview(rows=lists.open[:size], total=len(lists.open))
    after = Preview(rows=lists.after_discharge[:size], total=len(lists.after_discharge))
    shown = [*due, *after]
    if shown:
        audit_record_list(
            actor=user,
            object_type="outcome_due",
            rows=list(dict.fromkeys((i.person_id, i.scheme_id) for i in shown)),
            detail={"list": "due"},
        )
    return {"due_items": due, "after_discharge_items": after, "due_url": reverse("outcomes:due")}


PANELS = (
    HomePanel(
        20,
        frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER}),
        "outcomes/_home_due_panel.html",
        _due,
    ),
)
