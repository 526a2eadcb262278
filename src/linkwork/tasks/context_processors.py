"""The header's counts (notifications not yet seen; the user's open tasks and how many are
overdue): one query, for signed-in staff who have completed sign-in (until then the header
shows no menu, so no counts either)."""

from __future__ import annotations

from django.http import HttpRequest

from linkwork.accounts.second_factor import second_factor_required_for
from linkwork.tasks.selectors import header_counts


def notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not user.is_verified() and second_factor_required_for(user=user):
        return {}
    counts = header_counts(user=user)
    return {"notifications_unseen": counts.unseen, "header_tasks": counts}
