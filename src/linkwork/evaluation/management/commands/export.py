"""`linkwork export common-dataset --out DIR`: the Common Social Prescribing Dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_date

from linkwork.accounts.models import User
from linkwork.core.errors import DomainError
from linkwork.evaluation.dataset.extract import ExportFilters
from linkwork.evaluation.services import common_dataset_export


def read_key_file(path: Path, *, option: str) -> bytes:
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read the key file given to {option}: {exc.strerror}.") from exc
    if len(key) < 16:
        raise CommandError(f"The key file given to {option} must hold at least 16 random bytes.")
    return key


def linkage_key_option(value: Path | None) -> bytes | None:
    """The linkage key from --linkage-key-file, or else from LINKWORK_LINKAGE_KEY_FILE."""
    if value is not None:
        return read_key_file(value, option="--linkage-key-file")
    configured = getattr(settings, "LINKWORK_LINKAGE_KEY_FILE", "")
    if configured:
        return read_key_file(Path(configured), option="LINKWORK_LINKAGE_KEY_FILE")
    return None


def _date(value: str) -> Any:
    try:
        day = parse_date(value)
    except ValueError:  # well formed but impossible: 2026-13-01, 2026-02-30
        day = None
    if day is None:
        raise CommandError(f"{value!r} is not a date; use YYYY-MM-DD.")
    return day


class Command(BaseCommand):
    help = "Export the Common Social Prescribing Dataset as a Frictionless Data Package."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        cd = sub.add_parser("common-dataset", help="Tidy tables with a data dictionary.")
        cd.add_argument("--out", required=True, type=Path, help="Directory to write.")
        cd.add_argument("--scheme", action="append", default=[], help="Scheme slug (repeat).")
        cd.add_argument("--region", help="Region slug.")
        cd.add_argument("--from", dest="start", help="Referrals received on or after.")
        cd.add_argument("--to", dest="end", help="Referrals received on or before.")
        cd.add_argument("--parquet", action="store_true", help="Also write Parquet files.")
        cd.add_argument(
            "--key-file",
            type=Path,
            help="Reuse a pseudonymisation key (32+ random bytes) to link exports.",
        )
        cd.add_argument(
            "--linkage-key-file",
            type=Path,
            help=(
                "A linkage key (16+ random bytes) shared with the installations to pool with, "
                "never the --key-file: people get a linkage id from their NHS or CHI number "
                "(default: LINKWORK_LINKAGE_KEY_FILE)."
            ),
        )
        cd.add_argument(
            "--identifiable",
            action="store_true",
            help="Include names and identifiers (needs --as, and is audited).",
        )
        cd.add_argument("--as", dest="as_user", help="The user the export is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"]) if options["start"] else None
        end = _date(options["end"]) if options["end"] else None
        if start and end and start > end:
            raise CommandError("--from must not be after --to.")
        actor = None
        if options["as_user"]:
            actor = User.objects.filter(username=options["as_user"]).first()
            if actor is None:
                raise CommandError(f"No user called {options['as_user']!r}.")
        key = None
        if options["key_file"]:
            key = read_key_file(options["key_file"], option="--key-file")
        filters = ExportFilters(
            scheme_slugs=tuple(options["scheme"]),
            region_slug=options["region"],
            start=start,
            end=end,
        )
        try:
            result = common_dataset_export(
                filters=filters,
                out_dir=options["out"],
                parquet=options["parquet"],
                identifiable=options["identifiable"],
                actor=actor,
                key=key,
                linkage_key=linkage_key_option(options["linkage_key_file"]),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        kind = "identifiable" if result.identifiable else "pseudonymised"
        self.stdout.write(f"Wrote a {kind} data package to {result.path}")
        for table, count in result.rows.items():
            self.stdout.write(f"  {table:<18} {count:>8} rows")
