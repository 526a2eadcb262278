"""`linkwork audit verify`: check the audit trail's hash chain from the first event to the last.
`linkwork audit partitions --ahead 3`: on PostgreSQL, create the coming months' partitions of
the audit event table (see partitions.py); run it monthly or more often, e.g. from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from linkwork.audit.partitions import audit_partitions_ensure
from linkwork.audit.selectors import audit_chain_check


class Command(BaseCommand):
    help = (
        "Check the audit trail has not been changed: `linkwork audit verify`. Create the audit "
        "table's monthly partitions ahead (PostgreSQL): `linkwork audit partitions --ahead 3`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task", choices=["verify", "partitions"])
        parser.add_argument(
            "--ahead",
            type=int,
            default=3,
            help="months after this one to create partitions for (partitions only; 0 to 24)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["task"] == "partitions":
            self._partitions(ahead=options["ahead"])
            return
        checked, broken = audit_chain_check()
        if broken is not None:
            raise CommandError(
                f"Audit trail broken at event {broken.event_id} "
                f"({broken.at.isoformat()}): {broken.reason}. {checked} events checked."
            )
        self.stdout.write(f"Audit trail intact: {checked} events")

    def _partitions(self, *, ahead: int) -> None:
        if not 0 <= ahead <= 24:
            raise CommandError(f"--ahead must be between 0 and 24 months, not {ahead}.")
        report = audit_partitions_ensure(today=timezone.now().date(), ahead=ahead)
        if not report.partitioned:
            self.stdout.write("The audit table is not partitioned on this database (SQLite).")
            return
        created = ", ".join(report.created) or "none"
        self.stdout.write(
            f"Audit partitions: {len(report.partitions)} in all; created {created}; "
            f"{report.moved} events moved out of the default partition."
        )
