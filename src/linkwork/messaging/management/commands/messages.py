"""`linkwork messages poll`: ask GOV.UK Notify where the week's messages to people got to
(delivered, or failed with the reason). Run it every few minutes beside the worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from linkwork.messaging.services import message_states_refresh


class Command(BaseCommand):
    help = "Messages to people: reminders, letters and questionnaire links."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("poll", help="Update delivery states from GOV.UK Notify.")

    def handle(self, *args: Any, **options: Any) -> None:
        changed = message_states_refresh()
        self.stdout.write(f"{changed} message(s) delivered or failed since the last poll.")
