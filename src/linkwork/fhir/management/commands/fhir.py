"""`linkwork fhir poll-tasks`: a provider's side of the closed loop, against any linkwork
FHIR server: list the requested Tasks, or accept them, or mark accepted ones completed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.fhir.client import TaskClient, TaskClientError, describe


class Command(BaseCommand):
    help = "A reference FHIR client playing a VCSE provider's system."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        poll = sub.add_parser("poll-tasks", help="List, accept or complete the provider's Tasks.")
        poll.add_argument("--base", required=True, help="The server's FHIR base, e.g. .../fhir/")
        poll.add_argument("--token", required=True, help="The provider's API client token.")
        poll.add_argument("--owner", default="", help="Only this organisation's Tasks.")
        what = poll.add_mutually_exclusive_group()
        what.add_argument("--accept", action="store_true", help="Accept each requested Task.")
        what.add_argument(
            "--complete",
            action="store_true",
            help="Mark each accepted or in-progress Task completed, the person attended.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        client = TaskClient(base=options["base"], token=options["token"])
        statuses = ["accepted", "in-progress"] if options["complete"] else ["requested"]
        try:
            tasks = client.tasks(statuses=statuses, owner=options["owner"])
        except TaskClientError as exc:
            raise CommandError(f"The server refused the search: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"Cannot reach {options['base']}: {exc}") from exc
        if not tasks:
            self.stdout.write(f"No Tasks {' or '.join(statuses)}.")
        for task in tasks:
            if not (options["accept"] or options["complete"]):
                self.stdout.write(describe(task))
                continue
            reply = client.complete(task) if options["complete"] else client.accept(task)
            if reply.status == 200:
                self.stdout.write(describe(reply.body))
            else:
                problem = reply.body.get("issue", [{}])[0].get("diagnostics", "")
                self.stderr.write(f"{task['id']}  refused ({reply.status}): {problem}")
