"""`linkwork registry summary|tidier`: the registry on the command line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.core.errors import DomainError
from linkwork.organisations.selectors import registry_summary, scheme_get, scheme_tidier
from linkwork.organisations.tidier import render_json, render_markdown


class Command(BaseCommand):
    help = "Registry reports: delivery models per region, and schemes' TIDieR descriptions."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        summary = sub.add_parser(
            "summary", help="PCNs (England) or HSCPs (Scotland) on each delivery model."
        )
        summary.add_argument("--format", choices=["table", "json"], default="table")
        tidier = sub.add_parser("tidier", help="A scheme's TIDieR description.")
        tidier.add_argument("scheme", help="The scheme's slug or id.")
        tidier.add_argument("--format", choices=["md", "json"], default="md")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "summary":
                self._summary(options["format"])
            else:
                self._tidier(options["scheme"], options["format"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _summary(self, fmt: str) -> None:
        summaries = registry_summary()
        if fmt == "json":
            payload = {"regions": [s.as_json() for s in summaries]}
            self.stdout.write(json.dumps(payload, indent=2))
            return
        header = (
            f"{'Region':<32} {'Country':<9} {'Unit':<5} {'M1':>4} {'M2':>4} {'M3':>4} {'M4':>4}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for s in summaries:
            m = s.models
            line = (
                f"{s.region:<32} {s.country:<9} {s.unit:<5} "
                f"{m['1']:>4} {m['2']:>4} {m['3']:>4} {m['4']:>4}"
            )
            if s.unclassified:
                line += f"  ({s.unclassified} without a classified scheme)"
            self.stdout.write(line)

    def _tidier(self, key: str, fmt: str) -> None:
        scheme = scheme_get(key=key)
        items = scheme_tidier(scheme)
        if fmt == "json":
            self.stdout.write(render_json(scheme.name, str(scheme.pk), items))
        else:
            self.stdout.write(render_markdown(scheme.name, items))
