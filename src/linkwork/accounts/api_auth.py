"""Session sign-in for the JSON API: the same session as the pages, and for anyone who needs a
second factor, only once it has been given."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth

from linkwork.accounts.second_factor import second_factor_required_for


class VerifiedSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = request.user
        if not user.is_authenticated:
            return None
        verified = getattr(user, "is_verified", None)
        if (verified is None or not verified()) and second_factor_required_for(user=user):
            return None
        return user


verified_session_auth = VerifiedSessionAuth()
