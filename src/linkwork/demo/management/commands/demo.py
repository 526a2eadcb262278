"""`linkwork demo`: build the demo world (it only builds data; `make demo` also serves it)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from linkwork.accounts.models import User
from linkwork.accounts.second_factor import (
    authenticator_current_code,
    authenticator_enrolled_for_demo,
)
from linkwork.core import clock
from linkwork.demo.context import (
    DemoContext,
    ReferenceDateMismatchError,
    SeedMismatchError,
    build_world,
    planted_path,
    recorded_reference_date,
)
from linkwork.demo.parts.staff_logins import DEMO_LOGINS, DEMO_PASSWORD
from linkwork.demo.scale import ScaleError, parse_scale


def _unmigrated() -> bool:
    """Whether the database lacks tables this version needs (a fresh database, or one a
    version behind), which would otherwise fail on the first query with a database error."""
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _iso_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a date as YYYY-MM-DD") from exc


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
            type=str,
            default="1",
            help=(
                "How big a world: a multiple of the demo (1, 0.2) or a share of a national "
                "year (national, 0.1national, 1/100national), with practices, schemes and link "
                "workers growing with the referrals beyond the demo's five regions."
            ),
        )
        parser.add_argument(
            "--reference-date",
            type=_iso_date,
            help=(
                "YYYY-MM-DD: the day the world is built as of (default: the world already "
                "begun in this database, else today)."
            ),
        )
        parser.add_argument(
            "--otp",
            metavar="USER",
            help="Print the two-factor sign-in code USER's authenticator would show now.",
        )
        parser.add_argument(
            "--print-reference-date",
            action="store_true",
            help="Print the day the built world is as of (for LINKWORK_TODAY), and build nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if _unmigrated():
            raise CommandError(
                "This database is not ready: run `linkwork migrate` first, then build the demo."
            )
        if options["otp"]:
            self.stdout.write(self._code(options["otp"]))
            return
        if options["print_reference_date"]:
            built_on = recorded_reference_date()
            if built_on is None:
                raise CommandError("No demo world has been built in this database.")
            self.stdout.write(built_on.isoformat())
            return
        try:
            scale = parse_scale(str(options["scale"]))
        except ScaleError as exc:
            raise CommandError(str(exc)) from exc
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
            planted_path().unlink(missing_ok=True)
            self.stdout.write("Emptied the database.")
        # A build resumed after being stopped keeps the day it began as of.
        today = options["reference_date"] or recorded_reference_date() or clock.today()
        ctx = DemoContext(seed=options["seed"], scale=scale, log=self.stdout.write, today=today)
        try:
            report = build_world(ctx)
        except SeedMismatchError as exc:
            raise CommandError(
                f"This database holds a demo world built with seed {exc.built_seed}. "
                f"Run `linkwork demo --reset --seed {options['seed']}` to replace it."
            ) from exc
        except ReferenceDateMismatchError as exc:
            raise CommandError(
                f"This database holds a demo world built as of {exc.built_on:%Y-%m-%d}. "
                f"Run `linkwork demo --reset --reference-date {today:%Y-%m-%d}` to replace it."
            ) from exc
        if report.built:
            self.stdout.write(self.style.SUCCESS(f"Built: {', '.join(report.built)}."))
        self.stdout.write(f"The world is as of {today:%Y-%m-%d} (seed {options['seed']}).")
        if report.skipped:
            self.stdout.write(f"Already built, left as they were: {', '.join(report.skipped)}.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write("  (for the sign-in code, run `linkwork demo --otp USERNAME`)")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<16} {login.role.label}")

    @staticmethod
    def _code(username: str) -> str:
        """Only for demo logins: a real account's code must come from its owner's phone."""
        if username not in {login.username for login in DEMO_LOGINS}:
            names = ", ".join(login.username for login in DEMO_LOGINS)
            raise CommandError(f"--otp gives codes for demo logins only: {names}.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}: build the demo world first.")
        return authenticator_current_code(authenticator_enrolled_for_demo(user=user))
