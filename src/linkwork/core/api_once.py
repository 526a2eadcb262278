"""The one way an API write runs once per `Idempotency-Key`: scoped to the signed-in user and
the operation, so one client's key can never answer another's request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest

from linkwork.core.errors import DomainError
from linkwork.core.submissions import HEADER, KEY_RULE, answer_once, clean_key

T = TypeVar("T")


def api_answer_once(
    request: HttpRequest,
    scope: str,
    action: Callable[[], T],
    out: Callable[[T], dict[str, Any]],
) -> dict[str, Any]:
    """Run `action` once per key and answer `out` of its result (the first answer on a
    replay)."""
    return answer_once(
        key=api_key(request),
        scope=f"{request.user.pk}:api:{scope}",
        action=action,
        out=out,
    )


def api_key(request: HttpRequest) -> str | None:
    """The request's `Idempotency-Key`, or None when it sends none. A key that breaks the rule
    is refused before anything is written: ignoring it would run a retried write twice while
    the caller believes it is guarded."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    value = raw.strip()
    # The header is a structured-field string, which may come quoted.
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    key = clean_key(value)
    if key is None:
        raise DomainError(
            KEY_RULE, code="idempotency_key_invalid", field_errors={HEADER: [KEY_RULE]}
        )
    return key
