"""`linkwork mesh poll`: bring the MESH sends of end-of-episode summaries up to date
(acknowledged, refused, not acknowledged in time) and send again those whose wait is over.
Run it every few minutes (cron or a systemd timer) beside the worker.

`linkwork mesh sandbox`: run NHS England's MESH sandbox locally, to try MESH with the demo;
it prints the settings that point linkwork at it (docs/messaging.md)."""

from __future__ import annotations

import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from linkwork.messaging.mesh_transport import mesh_enabled
from linkwork.messaging.sandbox import (
    MAILBOX_PASSWORD,
    PRACTICE_MAILBOXES,
    SENDER_MAILBOX,
    sandbox_start,
    sandbox_stop,
    sandbox_wait,
)
from linkwork.messaging.services import mesh_poll


class Command(BaseCommand):
    help = "MESH: summaries sent to practices."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("poll", help="Update delivery states and send again what is due.")
        sandbox = sub.add_parser("sandbox", help="Run a local MESH sandbox until stopped.")
        sandbox.add_argument("--port", type=int, default=8700)
        sandbox.add_argument("--shared-key", default="linkwork-sandbox")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "sandbox":
            self._sandbox(options["port"], options["shared_key"])
            return
        if not mesh_enabled():
            self.stdout.write("MESH is not set up (LINKWORK_MESH_URL is empty): nothing to do.")
            return
        result = mesh_poll()
        self.stdout.write(
            f"{result.acknowledged} acknowledged, {result.failed} refused, "
            f"{result.overdue} not acknowledged in time, {result.retried} sent again."
        )

    def _sandbox(self, port: int, shared_key: str) -> None:
        url = f"http://127.0.0.1:{port}"
        # Stopped by a service manager (SIGTERM), it stops the sandbox too, as with Ctrl+C.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        with tempfile.TemporaryDirectory(prefix="mesh-sandbox-") as store:
            process = sandbox_start(port=port, store=Path(store), shared_key=shared_key)
            try:
                sandbox_wait(url, process)
                practice = PRACTICE_MAILBOXES[0]
                self.stdout.write(
                    f"MESH sandbox on {url}. Point linkwork at it with:\n"
                    f"  export LINKWORK_MESH_URL={url} LINKWORK_MESH_MAILBOX={SENDER_MAILBOX} "
                    f"LINKWORK_MESH_PASSWORD={MAILBOX_PASSWORD} "
                    f"LINKWORK_MESH_SHARED_KEY={shared_key}\n"
                    f"  export LINKWORK_MESH_MAILBOXES=<a practice's ODS code>={practice}\n"
                    "Stop it with Ctrl+C."
                )
                process.wait()
            except KeyboardInterrupt:
                pass
            finally:
                sandbox_stop(process)
