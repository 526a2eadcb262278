"""The notification count in the header: one query, for signed-in staff who have completed
sign-in (until then the header shows no menu, so no count either)."""

from __future__ import annotations

from django.http import HttpRequest

from linkwork.accounts.second_factor import second_factor_required_for
from linkwork.tasks.selectors import unseen_count


def notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not user.is_verified() and second_factor_required_for(user=user):
        return {}
    return {"notifications_unseen": unseen_count(user=user)}
