"""The one way an API write runs once per `Idempotency-Key`: scoped to the signed-in user and
the operation, so one client's key can never answer another's request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest

from linkwork.core.submissions import HEADER, answer_once, clean_key

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
        key=clean_key(request.headers.get(HEADER)),
        scope=f"{request.user.pk}:api:{scope}",
        action=action,
        out=out,
    )
