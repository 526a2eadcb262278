"""`linkwork demo`: build the demo world (it only builds data; `make demo` also serves it)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.demo.context import DemoContext, SeedMismatchError, build_world, planted_path
from linkwork.demo.parts.staff_logins import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Build the five-region demo world. Safe to run again: built parts are skipped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2024, help="Random seed (default 2024).")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the whole database first, then build afresh.",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply the volume of generated activity (people, referrals) by this.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] <= 0:
            raise CommandError("--scale must be greater than 0.")
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
            planted_path().unlink(missing_ok=True)
            self.stdout.write("Emptied the database.")
        ctx = DemoContext(seed=options["seed"], scale=options["scale"], log=self.stdout.write)
        try:
            report = build_world(ctx)
        except SeedMismatchError as exc:
            raise CommandError(
                f"This database holds a demo world built with seed {exc.built_seed}. "
                f"Run `linkwork demo --reset --seed {options['seed']}` to replace it."
            ) from exc
        if report.built:
            self.stdout.write(self.style.SUCCESS(f"Built: {', '.join(report.built)}."))
        if report.skipped:
            self.stdout.write(f"Already built, left as they were: {', '.join(report.skipped)}.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<16} {login.role.label}")
