"""Calling the JSON API in tests: a JSON POST with an optional Idempotency-Key, and a
registered client of an organisation acting with its bearer token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from linkwork.accounts.api_clients import api_client_register
from linkwork.accounts.models import ApiClient
from linkwork.accounts.roles import Role
from linkwork.organisations.models import Organisation, Scheme


def post_json(client: Client, url: str, body: Any, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


class TokenClient(Client):
    """A test client that sends a registered API client's bearer token on every request, with
    CSRF enforced as for a real caller (the token, not a session, is the credential)."""

    def __init__(self, token: str, api_client: ApiClient) -> None:
        super().__init__(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}"})
        self.api_client = api_client


def token_client(
    *,
    organisation: Organisation,
    role: Role,
    scheme: Scheme | None = None,
    name: str = "Test system",
) -> TokenClient:
    api_client, token = api_client_register(
        name=name,
        organisation_id=organisation.pk,
        role=role,
        scheme_id=scheme.pk if scheme else None,
    )
    return TokenClient(token, api_client)


def put_json(client: Client, url: str, body: Any, key: str | None = None) -> Any:
    """A JSON PUT (the whole record as it should now be), with an optional Idempotency-Key."""
    headers = {"Idempotency-Key": key} if key else {}
    return client.put(url, data=json.dumps(body), content_type="application/json", headers=headers)
