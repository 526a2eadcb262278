"""Registering, authenticating and rate-limiting the systems that call the JSON API.

A client's token is shown once, when it is registered; only its SHA-256 is kept (the token is
256 random bits, so a fast hash is enough). Calls are counted per minute in the database, so
the limit holds across every web process."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from linkwork.accounts.models import ApiClient, Membership, User
from linkwork.accounts.roles import SCHEME_ROLES, Role
from linkwork.core.errors import DomainError

TOKEN_PREFIX = "lw_"  # noqa: S105 - the marker every token starts with, not a secret


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_client_register(
    *,
    name: str,
    organisation_id: uuid.UUID,
    role: str,
    scheme_id: uuid.UUID | None = None,
    rate_limit_per_minute: int = 120,
    actor: User | None = None,
) -> tuple[ApiClient, str]:
    """The client and its token; the token cannot be shown again."""
    problems: dict[str, list[str]] = {}
    name = name.strip()
    if not name or len(name) > 100:
        problems["name"] = ["Give the client a name of 1 to 100 characters."]
    elif ApiClient.objects.filter(name=name).exists():
        problems["name"] = [f"A client called {name!r} is already registered."]
    if role not in Role.values:
        problems["role"] = [f"Choose one of: {', '.join(Role.values)}."]
    elif Role(role) in SCHEME_ROLES and scheme_id is None:
        problems["scheme"] = ["A client acting as a link worker or manager needs its scheme."]
    if rate_limit_per_minute < 1:
        problems["rate_limit_per_minute"] = ["Allow at least one call a minute."]
    if problems:
        raise DomainError("Check the API client.", code="api_client_invalid", field_errors=problems)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user = User.objects.create_user(
        username=f"api:{name}"[:150], first_name="API client", last_name=name[:150]
    )
    user.set_unusable_password()  # it signs in only with its token, never on the pages
    user.save(update_fields=["password"])
    Membership.objects.create(
        user=user, organisation_id=organisation_id, scheme_id=scheme_id, role=role
    )
    client = ApiClient.objects.create(
        name=name,
        user=user,
        token_hash=_hash(token),
        token_prefix=token[:10],
        rate_limit_per_minute=rate_limit_per_minute,
        registered_by=actor,
    )
    return client, token


@transaction.atomic
def api_client_revoke(*, client: ApiClient) -> ApiClient:
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at", "updated_at"])
    client.user.is_active = False
    client.user.save(update_fields=["is_active"])
    return client


def api_client_for_token(token: str) -> ApiClient | None:
    """The live client the token belongs to, if any."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    return (
        ApiClient.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def api_client_count_call(*, client: ApiClient, now: datetime | None = None) -> bool:
    """Count one call in the current minute; False once the client is over its limit."""
    moment = now or timezone.now()
    minute = moment.replace(second=0, microsecond=0)
    counted = ApiClient.objects.filter(pk=client.pk, window_started_at=minute).update(
        window_calls=F("window_calls") + 1, last_used_at=moment
    )
    if not counted:
        ApiClient.objects.filter(pk=client.pk).update(
            window_started_at=minute, window_calls=1, last_used_at=moment
        )
    calls = ApiClient.objects.filter(pk=client.pk).values_list("window_calls", flat=True).get()
    return calls <= client.rate_limit_per_minute
