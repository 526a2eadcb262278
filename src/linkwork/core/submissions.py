"""Every create runs once per form instance (or per API idempotency key).

Forms carry a fresh random key (`{% submission_key %}`); the action runs in one transaction
with the row that claims the key. A second request with the same key finds the claim and gets
what the first one produced, instead of a duplicate record. When the action is refused, the
claim rolls back with it, so the person can correct the form and send it again."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from linkwork.core.models import Submission

FIELD = "submission_key"
HEADER = "Idempotency-Key"
# Keys are opaque, but bounded and printable so they cannot smuggle anything into the table.
KEY_CHARACTERS = r"[A-Za-z0-9_\-:.]{8,100}"
_KEY = re.compile(KEY_CHARACTERS)
# The rule as an API caller reads it when a key is refused, and in the OpenAPI document.
KEY_RULE = (
    f"The {HEADER} header must be 8 to 100 characters, each a letter, a digit or one of "
    "- _ . : (the value may be sent in double quotes)."
)

T = TypeVar("T")


class AlreadySubmittedError(Exception):
    """The key was already used: here is where the first request's result is."""

    def __init__(self, *, location: str, response: Any = None) -> None:
        super().__init__("already submitted")
        self.location = location
        self.response = response


def clean_key(raw: str | None) -> str | None:
    """The key if it is well formed; a missing or malformed key means no guard."""
    if raw and _KEY.fullmatch(raw):
        return raw
    return None


def run_once(
    *,
    key: str | None,
    scope: str,
    action: Callable[[], T],
    location: Callable[[T], str] = lambda result: "",
    response: Callable[[T], Any] = lambda result: None,
) -> T:
    """Run `action` unless `scope:key` already ran; if it did, say where its result is.

    `scope` names who and where (the user and the form), so one person's key can never
    collide with, or reveal, another's."""
    if key is None:
        return action()
    with transaction.atomic():
        claim_key = _claim_key(key=key, scope=scope)
        try:
            with transaction.atomic():
                claim = Submission.objects.create(key=claim_key)
        except IntegrityError:
            first = Submission.objects.get(key=claim_key)
            raise AlreadySubmittedError(location=first.location, response=first.response) from None
        result = action()
        claim.location = location(result)
        claim.response = response(result)
        claim.save(update_fields=["location", "response"])
        return result


def _claim_key(*, key: str, scope: str) -> str:
    return f"{scope}:{key}"[:200]


def already_run(*, key: str | None, scope: str) -> bool:
    """Whether `scope:key` already ran: for a form whose checks could only fail because it did
    (what it changed is no longer the user's to change), so the replay is told it was saved."""
    return (
        key is not None and Submission.objects.filter(key=_claim_key(key=key, scope=scope)).exists()
    )


def answer_once(
    *, key: str | None, scope: str, action: Callable[[], T], out: Callable[[T], dict[str, Any]]
) -> dict[str, Any]:
    """An API create run once per key: its JSON answer, or the first answer on a replay."""
    try:
        return out(run_once(key=key, scope=scope, action=action, response=out))
    except AlreadySubmittedError as replay:
        return dict(replay.response or {})


# A form resent after this long is a new request in all but name; the claims that guard
# against replays need not be kept for ever.
KEEP_FOR = timedelta(days=30)


def submissions_prune(*, older_than: timedelta = KEEP_FOR) -> int:
    """Forget the claims older than `older_than`; returns how many were removed."""
    deleted, _ = Submission.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
