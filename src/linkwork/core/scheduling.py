"""Work the background worker does on a clock, beside the jobs it takes from the queue: the
diary's appointment reminders, the tasks that fall due. Each app registers a `PeriodicJob` on
the `periodic_jobs` hook (core.extensions) in its `AppConfig.ready()`; `linkwork worker` runs
a `Scheduler` in a thread of its own.

Every periodic job must be safe to run at any time, again, and from two workers at once (each
of today's is: a reminder or a task is written once, held by a unique constraint), so a
restart, or a second worker, never sends or raises anything twice. How often each runs is a
setting, in seconds; 0 turns it off.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)

RETRY_AFTER = 300  # seconds before a failed periodic job is tried again


@dataclass(frozen=True, slots=True)
class PeriodicJob:
    """`run` every `setting` seconds (`default` when the setting is not set); it answers a
    line saying what it did, for the worker's log."""

    name: str
    setting: str
    default: int
    run: Callable[[], str]

    def __call__(self) -> str:
        return self.run()

    @property
    def every(self) -> int:
        return int(getattr(settings, self.setting, self.default))


@dataclass
class Scheduler:
    """Which jobs are due at a moment (seconds on a clock that only goes forward): each runs at
    the first look, then once its interval has passed since it last started."""

    jobs: tuple[PeriodicJob, ...]
    last_started: dict[str, float] = field(default_factory=dict)

    def due(self, now: float) -> list[PeriodicJob]:
        found = []
        for job in self.jobs:
            every = job.every
            if every <= 0:
                continue
            last = self.last_started.get(job.name)
            if last is None or now - last >= every:
                found.append(job)
        return found

    def run_due(self, now: float) -> list[str]:
        """Run every job due; a job that fails is logged and tried again after `RETRY_AFTER`
        seconds (or its interval, when shorter), and the others still run. Answers what each
        said."""
        said = []
        for job in self.due(now):
            self.last_started[job.name] = now
            try:
                said.append(f"{job.name}: {job()}")
            except Exception:
                logger.exception("The periodic job %s failed", job.name)
                said.append(f"{job.name}: failed (see the log)")
                # Most failures pass (a database busy with another writer for longer than the
                # busy timeout, a service down for a minute): an hourly job should not wait an
                # hour to catch up.
                every = job.every
                self.last_started[job.name] = now - every + min(every, RETRY_AFTER)
        return said


def run_in_thread(
    scheduler: Scheduler,
    *,
    clock: Callable[[], float],
    stop: threading.Event,
    tick: float = 1.0,
    say: Callable[[str], None] = logger.info,
) -> threading.Thread:
    """Look for due jobs every `tick` seconds until `stop` is set, in a daemon thread."""

    def loop() -> None:
        while not stop.is_set():
            for line in scheduler.run_due(clock()):
                say(line)
            # The thread's own database connection: dropped when broken or too old.
            close_old_connections()
            stop.wait(tick)

    thread = threading.Thread(target=loop, name="linkwork-scheduler", daemon=True)
    thread.start()
    return thread
