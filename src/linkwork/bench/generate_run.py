"""The timed build behind `make bench-generate` (imported once Django is set up): the demo world
built with each part timed, and every `insert_rows` of the generator's parts timed and counted."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date
from typing import Any

from linkwork.core import copy_insert as copy_module
from linkwork.demo import context
from linkwork.demo.parts import casework, outcomes

REFERENCE_DATE = date(2026, 10, 31)


def timed_build(
    *, seed: int, scale: float
) -> tuple[dict[str, float], float, dict[str, float], list[str]]:
    """(seconds per part, seconds for the world, writes' rows and seconds, tables written)."""
    writes: dict[str, float] = defaultdict(float)
    tables: set[str] = set()
    original = copy_module.insert_rows

    def timed_insert_rows(model: Any, columns: Any, rows: Any) -> int:
        start = time.perf_counter()
        written = original(model, columns, rows)
        writes["seconds"] += time.perf_counter() - start
        writes["rows"] += written
        tables.add(model._meta.db_table)
        return written

    casework.insert_rows = timed_insert_rows
    outcomes.insert_rows = timed_insert_rows

    parts: dict[str, float] = {}
    for part in context.registered_parts():

        def timed(ctx: Any, build: Any = part.build, name: str = part.name) -> Any:
            start = time.perf_counter()
            result = build(ctx)
            parts[name] = round(time.perf_counter() - start, 2)
            return result

        context._PARTS[part.name] = context.DemoPart(name=part.name, order=part.order, build=timed)
    ctx = context.DemoContext(seed=seed, scale=scale, today=REFERENCE_DATE, log=print)
    start = time.perf_counter()
    context.build_world(ctx)
    return parts, time.perf_counter() - start, dict(writes), sorted(tables)
