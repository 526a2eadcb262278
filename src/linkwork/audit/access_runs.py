"""Who has looked at a record, readably. While the same person keeps using a record (their
events are consecutive), each thing they did to each kind of record becomes one run: how many
times, first to last. Visiting a home page, for instance, lists a person under the caseload and
under questionnaires due each time; twenty visits are two rows, not forty. Pure Python, so the
rule is tested without a database."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
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
    """Runs newest first. Another person's access in between starts new runs."""
    runs: list[AccessRun] = []
    stretch: dict[tuple[str, str], int] = {}  # (action, object type) -> index in runs
    stretch_actor: Hashable = object()
    for event in newest_first:
        if event.actor_id != stretch_actor:
            stretch, stretch_actor = {}, event.actor_id
        key = (event.action, event.object_type)
        if key in stretch:
            run = runs[stretch[key]]
            runs[stretch[key]] = replace(run, count=run.count + 1, first_at=event.at)
        else:
            stretch[key] = len(runs)
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
