"""`linkwork diary send-reminders`: remind people of their coming appointments, each the
scheme's number of hours ahead, by their contact preference. `linkwork worker` runs it every
`LINKWORK_REMINDERS_EVERY_SECONDS` (5 minutes); a reminder already sent is never sent again,
so running it twice, or from two machines at once, sends each once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from linkwork.diary.notices import reminders_send_words


class Command(BaseCommand):
    help = "The diary: appointment reminders to people."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("send-reminders", help="Send the appointment reminders now due.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(reminders_send_words())
