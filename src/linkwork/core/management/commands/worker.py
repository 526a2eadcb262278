"""`linkwork worker`: the background worker. It first finds jobs a previous worker left
running when it died (each app answers the `interrupted_jobs` hook), then takes queued jobs
from the database one at a time until stopped. Run one or more beside `linkwork serve`."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from linkwork.core.extensions import interrupted_jobs


class Command(BaseCommand):
    help = "Run background jobs (evaluation reports) from the database queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run every queued job, then stop")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at the queue"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = sum(recover() for recover in interrupted_jobs.providers)
        if recovered:
            self.stdout.write(f"Found {recovered} job(s) left by a worker that stopped.")
        worker_options: dict[str, Any] = {"interval": options["interval"], "reload": False}
        if options["batch"]:
            worker_options.update(batch=True, startup_delay=False)
        call_command("db_worker", **worker_options)
