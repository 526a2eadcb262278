"""Reads recorded while a request is served wait here and are written in one batch when the
response is ready (middleware.py). Writes never wait: they are audited in the same
transaction as the change."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from linkwork.audit.chain import ChainContent


@dataclass(frozen=True, slots=True)
class PendingEvent:
    at: datetime
    actor_id: uuid.UUID | None
    action: str
    object_type: str
    object_id: str
    person_id: uuid.UUID | None
    scheme_id: uuid.UUID | None
    detail: dict[str, object]
    subjects: tuple[tuple[uuid.UUID, uuid.UUID | None], ...] = ()

    def content(self) -> ChainContent:
        return ChainContent(
            at=self.at,
            actor_id=self.actor_id,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            person_id=self.person_id,
            scheme_id=self.scheme_id,
            detail=self.detail,
            subjects=tuple((str(p), "" if s is None else str(s)) for p, s in self.subjects),
        )


_pending: ContextVar[list[PendingEvent] | None] = ContextVar("audit_pending", default=None)


def pending_reads() -> list[PendingEvent] | None:
    """The current request's waiting reads, or None outside a request."""
    return _pending.get()


@contextmanager
def reads_buffered() -> Iterator[list[PendingEvent]]:
    pending: list[PendingEvent] = []
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)
