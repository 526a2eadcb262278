"""Where imported records came from, for the episode's timeline (the `imported_from` hook):
each run's mapping profile, which names the source system, and when it was imported."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from linkwork.core.extensions import ImportedFrom
from linkwork.imports.models import ImportRun


def imported_from(run_ids: Collection[str]) -> dict[str, ImportedFrom]:
    ids = []
    for text in run_ids:
        try:
            ids.append(uuid.UUID(str(text)))
        except ValueError:
            continue  # not a run's id: the timeline says "imported" without the source
    runs = ImportRun.objects.filter(pk__in=ids).values_list(
        "pk", "profile_name", "finished_at", "started_at"
    )
    return {
        str(pk): ImportedFrom(source=name, imported_at=finished or started)
        for pk, name, finished, started in runs
    }
