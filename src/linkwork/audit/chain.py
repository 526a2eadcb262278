"""The hash chain that makes the audit trail tamper-evident. Pure Python, so the rule is tested
without a database: each event's hash is SHA-256 of the previous event's hash followed by the
event's canonical content, so changing, removing or reordering any stored event breaks the link
at that event and every link after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = ""  # the "previous hash" of the first event


@dataclass(frozen=True, slots=True)
class ChainContent:
    """What an event says, in the form that is hashed."""

    at: datetime
    actor_id: object
    action: str
    object_type: str
    object_id: str
    person_id: object
    scheme_id: object
    detail: Mapping[str, object]
    subjects: tuple[tuple[str, str], ...] = ()


def _text(value: object) -> str:
    return "" if value is None else str(value)


def canonical(content: ChainContent) -> str:
    """One JSON text per event: sorted keys, UTC time to the microsecond, ids as text and the
    people a list showed in sorted order, so the same event always hashes the same."""
    return json.dumps(
        {
            "at": content.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": _text(content.actor_id),
            "action": content.action,
            "object_type": content.object_type,
            "object_id": content.object_id,
            "person": _text(content.person_id),
            "scheme": _text(content.scheme_id),
            "detail": content.detail,
            "subjects": sorted([p, s] for p, s in content.subjects),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )


def link(previous_hash: str, content: ChainContent) -> str:
    return hashlib.sha256((previous_hash + canonical(content)).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class BrokenLink:
    event_id: int
    at: datetime
    reason: str


def first_broken_link(
    events: Iterable[tuple[int, str, ChainContent]], *, head_hash: str | None = None
) -> tuple[int, BrokenLink | None]:
    """Walk (id, stored hash, content) in id order; return how many events were checked and the
    first whose stored hash is not the link computed from the event before it. `head_hash`, the
    chain head's record of the newest hash, also catches events removed from the end."""
    previous, count, last = GENESIS, 0, None
    for event_id, stored, content in events:
        count += 1
        if stored != link(previous, content):
            return count, BrokenLink(
                event_id=event_id,
                at=content.at,
                reason="its content or the event before it was changed or removed",
            )
        previous, last = stored, (event_id, content.at)
    if head_hash is not None and head_hash != previous:
        event_id, at = last if last is not None else (0, datetime.min.replace(tzinfo=UTC))
        return count, BrokenLink(
            event_id=event_id, at=at, reason="events after it were removed from the end"
        )
    return count, None
