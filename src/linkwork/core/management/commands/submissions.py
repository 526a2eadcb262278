"""`linkwork submissions prune`: forget the old claims that stop a form being saved twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from linkwork.core.submissions import KEEP_FOR, submissions_prune


class Command(BaseCommand):
    help = "Remove the run-once claims of form submissions and API requests older than N days."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        prune = sub.add_parser("prune", help="Run daily, e.g. from cron.")
        prune.add_argument("--days", type=int, default=KEEP_FOR.days)

    def handle(self, *args: Any, **options: Any) -> None:
        days = max(1, options["days"])
        removed = submissions_prune(older_than=timedelta(days=days))
        self.stdout.write(f"Removed {removed} submission claims older than {days} days.")
