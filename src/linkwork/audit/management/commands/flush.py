"""`flush` empties every table, the audit trail included: it alone turns on the maintenance
switch the audit triggers check (see maintenance.py). `linkwork demo --reset` and the test
runner's clean-up between transactional tests both go through here."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from linkwork.audit.maintenance import audit_maintenance


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with audit_maintenance(using=options["database"]):
            super().handle(**options)
