"""Who has looked at a record, readably: consecutive events by the same person, doing the same
thing to the same kind of record, become one run (how many times, first to last). Pure Python,
so the rule is tested without a database."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class AccessEvent(Protocol):
    at: datetime
    action: str
    object_type: str

    @property
    def actor(self) -> Any: ...

    @property
    def actor_id(self) -> Hashable: ...


@dataclass(frozen=True, slots=True)
class AccessRun:
    actor: Any
    action: str
    object_type: str
    count: int
    first_at: datetime
    last_at: datetime
    latest: AccessEvent

    @property
    def object_label(self) -> str:
        return self.object_type.replace("_", " ")


def group_access(newest_first: Iterable[AccessEvent]) -> list[AccessRun]:
    """Runs in the order given (newest first); a run is broken by anything different between."""
    runs: list[AccessRun] = []
    for event in newest_first:
        last = runs[-1] if runs else None
        if (
            last is not None
            and last.latest.actor_id == event.actor_id
            and last.action == event.action
            and last.object_type == event.object_type
        ):
            runs[-1] = AccessRun(
                actor=last.actor,
                action=last.action,
                object_type=last.object_type,
                count=last.count + 1,
                first_at=event.at,
                last_at=last.last_at,
                latest=last.latest,
            )
        else:
            runs.append(
                AccessRun(
                    actor=event.actor,
                    action=event.action,
                    object_type=event.object_type,
                    count=1,
                    first_at=event.at,
                    last_at=event.at,
                    latest=event,
                )
            )
    return runs
