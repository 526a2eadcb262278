"""`linkwork implementation assess`: each practice's integration classification and indicators.

    linkwork implementation assess [--practice ID ...] [--scheme SLUG] [--period P ...]
                                   [--format table|json]

Without --practice or --scheme, every practice with implementation records is assessed.
A period is a quarter (2026-Q3) or a range (2026-07-01..2026-09-30); the default is the latest
complete quarter before the reference date. JSON is a list of objects with `practice`,
`period`, `classification` (fully_integrated, partially_integrated, not_integrated or
not_assessable), `nomad_evidence` (strengthened, questioned, indicators_only or
not_applicable) and `indicators` (by code), plus the practice's name, the period's dates,
shortfalls and reasons.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.implementation.assessment import (
    PracticeAssessment,
    assess_practices,
    default_period,
    monitored_practices,
)
from linkwork.implementation.periods import Period, PeriodError, parse_period
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Scheme


class Command(BaseCommand):
    help = "Implementation monitoring: how far the programme is embedded in each practice."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        assess = sub.add_parser("assess", help="Classify practices and show their indicators.")
        assess.add_argument(
            "--practice", action="append", default=[], help="A practice id (repeatable)."
        )
        assess.add_argument("--scheme", help="Every practice a scheme serves (slug or id).")
        assess.add_argument(
            "--period",
            action="append",
            default=[],
            help="2026-Q3 or 2026-07-01..2026-09-30 (repeatable).",
        )
        assess.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        periods = self._periods(options["period"])
        practices = self._practices(options["practice"], options["scheme"])
        results = assess_practices(practices=practices, periods=periods)
        if options["format"] == "json":
            self.stdout.write(json.dumps([r.as_json() for r in results], indent=2))
        else:
            self._table(results)

    def _periods(self, texts: list[str]) -> list[Period]:
        try:
            return [parse_period(text) for text in texts] or [default_period()]
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc

    def _practices(self, keys: list[str], scheme_key: str | None) -> list[Organisation]:
        if not keys and not scheme_key:
            return monitored_practices()
        chosen: dict[uuid.UUID, Organisation] = {}
        for key in keys:
            try:
                pk = uuid.UUID(key)
            except ValueError as exc:
                raise CommandError(f"{key!r} is not a practice id (a UUID).") from exc
            practice = Organisation.objects.filter(pk=pk, kind=OrgKind.GP_PRACTICE.value).first()
            if practice is None:
                raise CommandError(f"No GP practice has the id {key}.")
            chosen[practice.pk] = practice
        if scheme_key:
            scheme = Scheme.objects.filter(slug=scheme_key).first()
            if scheme is None:
                try:
                    scheme = Scheme.objects.filter(pk=uuid.UUID(scheme_key)).first()
                except ValueError:
                    scheme = None
            if scheme is None:
                raise CommandError(f"No scheme has the slug or id {scheme_key!r}.")
            for practice in scheme.practices.filter(kind=OrgKind.GP_PRACTICE.value):
                chosen[practice.pk] = practice
        return sorted(chosen.values(), key=lambda p: (p.name, str(p.pk)))

    def _table(self, results: list[PracticeAssessment]) -> None:
        header = f"{'Practice':<48} {'Period':<22} {'Classification':<22} Falls short"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            a = r.assessment
            # Not assessable: say why; otherwise the counted indicators that fall short.
            short = "; ".join(a.reasons) or ", ".join(i.code for i in a.shortfalls if i.counts)
            self.stdout.write(
                f"{r.practice_name[:48]:<48} {r.period.label:<22} "
                f"{a.classification.value:<22} {short or '-'}"
            )
        if not results:
            self.stdout.write("No practices with implementation records.")
