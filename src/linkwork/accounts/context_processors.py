from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from linkwork.accounts.navigation import nav_links
from linkwork.accounts.second_factor import second_factor_required_for
from linkwork.accounts.selectors import user_roles


def navigation(request: HttpRequest) -> dict[str, object]:
    common = {"session_idle_minutes": settings.SESSION_IDLE_MINUTES}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {**common, "nav_links": [], "user_roles": frozenset()}
    if not user.is_verified() and second_factor_required_for(user=user):
        # Until the code is given every menu link would only lead back to the code page.
        return {**common, "nav_links": [], "user_roles": frozenset()}
    roles = user_roles(user=user)
    return {
        **common,
        "nav_links": nav_links(roles, request.path),
        "user_roles": roles,
        "role_labels": sorted(role.label for role in roles),
    }
