"""`linkwork worker`: the background worker. It first finds jobs a previous worker left
running when it died (each app answers the `interrupted_jobs` hook), then takes queued jobs
from the database one at a time until stopped. Beside them, in a thread of its own, it runs the
periodic jobs (the `periodic_jobs` hook: appointment reminders, tasks due) each at its
interval; with `--batch` it runs each once, then the queue. Run one or more beside
`linkwork serve`: the periodic jobs are safe to run from several at once."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from linkwork.core.extensions import interrupted_jobs, periodic_jobs
from linkwork.core.scheduling import PeriodicJob, Scheduler, run_in_thread


class Command(BaseCommand):
    help = "Run background jobs (evaluation reports) from the database queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run every queued job, then stop")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at the queue"
        )
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="leave the periodic jobs (reminders, tasks due) to another worker or to cron",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = sum(recover() for recover in interrupted_jobs.providers)
        if recovered:
            self.stdout.write(f"Found {recovered} job(s) left by a worker that stopped.")
        worker_options: dict[str, Any] = {"interval": options["interval"], "reload": False}
        jobs = tuple(job for job in periodic_jobs.providers if isinstance(job, PeriodicJob))
        scheduler = None if options["no_periodic"] else Scheduler(jobs)
        if options["batch"]:
            worker_options.update(batch=True, startup_delay=False)
            if scheduler is not None:
                for line in scheduler.run_due(time.monotonic()):
                    self.stdout.write(line)
            call_command("db_worker", **worker_options)
            return
        stop = threading.Event()
        if scheduler is not None:
            run_in_thread(scheduler, clock=time.monotonic, stop=stop, say=self.stdout.write)
        try:
            call_command("db_worker", **worker_options)
        finally:
            stop.set()
