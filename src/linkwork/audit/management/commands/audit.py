"""`linkwork audit verify`: check the audit trail's hash chain from the first event to the last."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.audit.selectors import audit_chain_check


class Command(BaseCommand):
    help = "Check the audit trail has not been changed: `linkwork audit verify`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_chain_check()
        if broken is not None:
            raise CommandError(
                f"Audit trail broken at event {broken.event_id} "
                f"({broken.at.isoformat()}): {broken.reason}. {checked} events checked."
            )
        self.stdout.write(f"Audit trail intact: {checked} events")
