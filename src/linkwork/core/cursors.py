"""Opaque cursors for keyset pagination of API lists: the sort key of the last row shown, so
the next page starts after it however many rows arrive meanwhile, at the cost of one indexed
comparison rather than an OFFSET that grows with the page number. Pure Python."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from linkwork.core.errors import DomainError

MAX_CURSOR_CHARS = 200


def cursor_encode(values: Sequence[str]) -> str:
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _refused() -> DomainError:
    return DomainError(
        "The cursor is not one this list gave; start again without it.",
        code="cursor_invalid",
        field_errors={"cursor": ["Use the cursor from the previous page's Link header."]},
    )


def cursor_decode(cursor: str, *, parts: int) -> list[str]:
    """The values a cursor carries; a cursor this API did not issue is refused plainly."""
    try:
        if len(cursor) > MAX_CURSOR_CHARS:
            raise ValueError
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not (
            isinstance(values, list)
            and len(values) == parts
            and all(isinstance(v, str) for v in values)
        ):
            raise ValueError
    except ValueError as exc:
        raise _refused() from exc
    return values


def date_and_id_after(cursor: str) -> tuple[date, uuid.UUID]:
    """The (date, id) sort key a list's cursor carries: the last row of the page before."""
    day, last = cursor_decode(cursor, parts=2)
    try:
        return date.fromisoformat(day), uuid.UUID(last)
    except ValueError as exc:
        raise _refused() from exc


T = TypeVar("T")


def page_after(
    items: Sequence[T],
    *,
    key: Callable[[T], tuple[str, ...]],
    parts: int,
    cursor: str | None,
    limit: int,
) -> tuple[list[T], tuple[str, ...] | None]:
    """One page of a list held in memory and sorted by `key` (`parts` strings): the rows after
    the cursor's row, and the key of the last row shown when more follow (the next page's
    cursor), else None. For lists worked out in Python, such as what is due; database lists
    filter on their sort key instead."""
    rest: Sequence[T] = items
    if cursor:
        after = tuple(cursor_decode(cursor, parts=parts))
        rest = [item for item in items if key(item) > after]
    page = list(rest[:limit])
    return page, (key(page[-1]) if len(rest) > limit else None)
