"""`linkwork report evaluation --out FILE`: the evaluation as self-contained HTML or JSON."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.core.errors import DomainError
from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.dataset.extract import ExportFilters
from linkwork.evaluation.management.commands.export import _date
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.report.html import render_html
from linkwork.evaluation.selectors import evaluation_data_from_db, evaluation_data_from_package
from linkwork.voice.selectors import feedback_report_section


class ProgressBar:
    """A text progress bar on standard error, so piping the output stays clean."""

    def __init__(self, stream: Any = sys.stderr, width: int = 30) -> None:
        self.stream, self.width = stream, width

    def __call__(self, percent: int, step: str) -> None:
        filled = self.width * percent // 100
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {percent:3d}% {step:<48}"
        )
        if percent >= 100:
            self.stream.write("\n")
        self.stream.flush()


def _scheme_ids(data: EvaluationData) -> list[uuid.UUID]:
    schemes = data.tables.get("schemes")
    if schemes is None:
        return []
    return [uuid.UUID(pk) for pk in schemes.get_column("scheme_id").to_list()]


class Command(BaseCommand):
    help = "Write the evaluation report: data quality, activity, outcomes and comparisons."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        ev = sub.add_parser("evaluation", help="The evaluation report.")
        ev.add_argument("--out", required=True, type=Path)
        ev.add_argument("--format", choices=["html", "json"], default="html")
        ev.add_argument("--scheme", action="append", default=[])
        ev.add_argument("--region")
        ev.add_argument("--from", dest="start")
        ev.add_argument("--to", dest="end")
        ev.add_argument(
            "--package", type=Path, help="Read an exported data package instead of the database."
        )
        ev.add_argument(
            "--min-cell",
            type=int,
            default=10,
            help="Suppress groups with fewer people than this (default 10).",
        )
        ev.add_argument(
            "--round-to",
            type=int,
            default=None,
            help="Round published counts to the nearest this many (default "
            "LINKWORK_ROUNDING_BASE, 5; 1 for exact counts).",
        )
        ev.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["min_cell"] < 1:
            raise CommandError("--min-cell must be at least 1.")
        rounding = options["round_to"]
        if rounding is None:
            rounding = getattr(settings, "LINKWORK_ROUNDING_BASE", 5)
        if rounding < 1:
            raise CommandError("--round-to must be at least 1.")
        start = _date(options["start"]) if options["start"] else None
        end = _date(options["end"]) if options["end"] else None
        if start and end and start > end:
            raise CommandError("--from must not be after --to.")
        filters = ExportFilters(
            scheme_slugs=tuple(options["scheme"]),
            region_slug=options["region"],
            start=start,
            end=end,
        )
        progress = (lambda p, s: None) if options["quiet"] else ProgressBar()
        try:
            progress(1, "Reading the data")
            if options["package"]:
                data = evaluation_data_from_package(options["package"])
            else:
                data = evaluation_data_from_db(filters)
            report = build_report(
                data,
                audience="external",
                threshold=options["min_cell"],
                rounding_base=rounding,
                filters={
                    "schemes": list(filters.scheme_slugs),
                    "region": filters.region_slug,
                    "from": options["start"],
                    "to": options["end"],
                },
                progress=progress,
            )
            if not options["package"]:
                # The people's own feedback comes from its own tables, not the dataset (whose
                # feedback table has no answer dates): so only when reading the database.
                report["feedback"] = feedback_report_section(
                    scheme_ids=_scheme_ids(data),
                    until=date.fromisoformat(report["reference_date"]),
                    threshold=options["min_cell"],
                    rounding=rounding,
                    start=filters.start,
                    end=filters.end,
                )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        out: Path = options["out"]
        out.parent.mkdir(parents=True, exist_ok=True)
        if options["format"] == "json":
            out.write_text(json.dumps(report, indent=2, default=str))
        else:
            out.write_text(render_html(report))
        self.stdout.write(f"Wrote the evaluation report to {out}")
