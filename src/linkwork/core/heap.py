"""Keeping the garbage collector off a bulk job's large, long-lived heap.

A bulk job holds what it read (a whole checked export: hundreds of thousands of small
objects) while it builds and writes rows, and each of the collector's full passes walks all
of it again: about a sixth of an import's time, measured. The rows a job builds are plain
dicts and tuples that reference counting frees; cycles left over (few) are collected once,
when the job ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()
