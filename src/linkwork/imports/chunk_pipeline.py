"""Writing an import's chunks in order, building the next one while the last is written.

Building a chunk is Python alone; writing it is mostly waiting for PostgreSQL (the `COPY`
into indexed tables, then the foreign-key checks at commit). On PostgreSQL, outside any
transaction, each built chunk goes to one writer thread with a connection of its own while
the caller builds the next: at most one chunk is written at a time, always in order, so a
stopped run still leaves whole chunks from the first on. Inside a transaction (a test, or a
caller that wants the whole import to stand or fall together) another connection could not
see its uncommitted rows, so the chunks are built and written one after the other in it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection, connections

from linkwork.imports.scheme_write import BuiltChunk, Group, SchemeWriter

__all__ = ["write_chunks"]

ProgressFn = Callable[[int, str], None]


def write_chunks(
    writer: SchemeWriter, planned: Iterable[list[Group]], progress: ProgressFn, *, total: int
) -> None:
    """Write the planned chunks (about `total` of them), numbered from 1. `planned` may be
    lazy: a large export's next part is read and checked while the last chunk is written."""

    def store(number: int, chunk: BuiltChunk) -> None:
        writer.store(chunk)
        shown = max(total, number)
        progress(round(100 * number / shown), f"Wrote part {number} of {shown}")

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        for number, groups in enumerate(planned, start=1):
            store(number, writer.build(groups, number))
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer") as pool:
        pending: Future[None] | None = None
        try:
            for number, groups in enumerate(planned, start=1):
                chunk = writer.build(groups, number)
                if pending is not None:
                    pending.result()  # a failed write stops the run here, with its error
                pending = pool.submit(store, number, chunk)
            if pending is not None:
                pending.result()
        finally:
            # The writer thread's connection is its own: closed with the thread's work.
            pool.submit(connections.close_all).result()
