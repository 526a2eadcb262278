"""`linkwork mesh poll`: bring the MESH sends of end-of-episode summaries up to date
(acknowledged, refused, not acknowledged in time) and send again those whose wait is over.
Run it every few minutes (cron or a systemd timer) beside the worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from linkwork.messaging.mesh_transport import mesh_enabled
from linkwork.messaging.services import mesh_poll


class Command(BaseCommand):
    help = "MESH: summaries sent to practices."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("poll", help="Update delivery states and send again what is due.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not mesh_enabled():
            self.stdout.write("MESH is not set up (LINKWORK_MESH_URL is empty): nothing to do.")
            return
        result = mesh_poll()
        self.stdout.write(
            f"{result.acknowledged} acknowledged, {result.failed} refused, "
            f"{result.overdue} not acknowledged in time, {result.retried} sent again."
        )
