"""`linkwork tasks raise-due`: raise the tasks that time brings (a connection silent for the
silent days, a questionnaire due). Run it daily, or more often, from cron or a systemd timer;
each task is raised once however often it runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from linkwork.tasks.due import raise_due


class Command(BaseCommand):
    help = "Tasks: raise those that fall due with time."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "raise-due", help="Raise the tasks now due (silent connections, questionnaires)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(raise_due().words())
