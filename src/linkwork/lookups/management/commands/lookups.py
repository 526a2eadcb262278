"""`linkwork lookups load KIND FILE`: load a national postcode or deprivation lookup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.core.errors import DomainError
from linkwork.lookups.services import KINDS, lookup_load, lookup_load_samples


class Command(BaseCommand):
    help = (
        "Load postcode (ONSPD/NSPL) and deprivation (IMD 2019, SIMD 2020) lookups, and GP "
        "practice populations by small area (NHS Digital LSOA file, PHS data zone file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load one national file (CSV).")
        load.add_argument("kind", choices=KINDS)
        load.add_argument("file", type=Path)
        load.add_argument("--release", default="", help="e.g. 'ONSPD_NOV_2024'.")
        sub.add_parser("load-samples", help="Load the small sample lookups shipped for demos.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load-samples":
                results = lookup_load_samples()
            else:
                results = [
                    lookup_load(
                        kind=options["kind"], path=options["file"], release=options["release"]
                    )
                ]
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for result in results:
            self.stdout.write(
                f"{result.kind}: {result.created} added, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
