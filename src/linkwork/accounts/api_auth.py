"""Sign-in for the JSON API: the same session as the pages (for anyone who needs a second
factor, only once it has been given), or a registered client's bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from linkwork.accounts.api_clients import api_client_count_call, api_client_for_token
from linkwork.accounts.second_factor import second_factor_required_for


class VerifiedSessionAuth(SessionAuth):
    def __call__(self, request: HttpRequest) -> Any | None:
        # No signed-in session, nothing to check: the CSRF check guards a session's writes, and
        # would otherwise refuse an API client's write before its bearer token is read.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = request.user
        if not user.is_authenticated:
            return None
        verified = getattr(user, "is_verified", None)
        if (verified is None or not verified()) and second_factor_required_for(user=user):
            return None
        return user


verified_session_auth = VerifiedSessionAuth()


class ApiClientAuth(HttpBearer):
    """`Authorization: Bearer <token>` from a registered client: the request then acts as the
    client's own user, so access rules and the audit trail apply to it by name."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        client = api_client_for_token(token)
        if client is None:
            return None
        if not api_client_count_call(client=client):
            raise HttpError(429, f"More than {client.rate_limit_per_minute} calls this minute.")
        request.user = client.user
        return client.user


api_client_auth = ApiClientAuth()
