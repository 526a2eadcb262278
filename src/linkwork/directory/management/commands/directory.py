"""`linkwork directory import|export|geocode|seed-needs`: the service directory on the command
line, in Open Referral UK 3.0's JSON and tabular (CSV) forms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from linkwork.core.errors import DomainError
from linkwork.directory.export import directory_rows, json_export_documents
from linkwork.directory.oruk.files import UnreadableInputError
from linkwork.directory.oruk.write_csv import csv_texts
from linkwork.directory.services import (
    ImportResult,
    directory_import_path,
    needs_taxonomy_ensure,
)
from linkwork.directory.store import locations_geocode
from linkwork.organisations.models import Region


class Command(BaseCommand):
    help = "Import and export the service directory as Open Referral UK 3.0 (JSON or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser(
            "import",
            help="Import a JSON file, a CSV table, or a directory of either. Nothing is "
            "written if any record has a problem, unless --skip-invalid.",
        )
        importer.add_argument("path", metavar="FILE_OR_DIR")
        importer.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Write the valid records and report the others.",
        )
        importer.add_argument(
            "--region", help="Slug of the region new services are listed in (e.g. lothian)."
        )
        importer.add_argument(
            "--force",
            action="store_true",
            help="Compare every record even if the same files were imported before into the "
            "directory as it still is.",
        )
        exporter = sub.add_parser("export", help="Write the whole directory to a folder.")
        exporter.add_argument("--out", required=True, metavar="DIR")
        exporter.add_argument("--format", choices=["json", "csv"], default="json")
        sub.add_parser(
            "geocode",
            help="Recompute where each location is for distance search (after loading postcodes).",
        )
        sub.add_parser("seed-needs", help="Hold the needs taxonomy used as service categories.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            action = options["action"]
            if action == "import":
                self._import(
                    Path(options["path"]),
                    options["skip_invalid"],
                    options["region"],
                    force=options["force"],
                )
            elif action == "export":
                self._export(Path(options["out"]), options["format"])
            elif action == "geocode":
                self.stdout.write(f"Updated the position of {locations_geocode()} location(s).")
            else:
                self.stdout.write(f"Needs taxonomy: {needs_taxonomy_ensure()} change(s).")
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _region(self, slug: str | None) -> Region | None:
        if slug is None:
            return None
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            known = ", ".join(Region.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"No region has the slug {slug!r}. Known: {known or 'none'}.")
        return region

    def _import(
        self, path: Path, skip_invalid: bool, region_slug: str | None, *, force: bool
    ) -> None:
        region = self._region(region_slug)
        try:
            result = directory_import_path(
                path=path, skip_invalid=skip_invalid, region=region, force=force
            )
        except UnreadableInputError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            # Every known rule is checked before writing; this is the database's last word.
            raise CommandError(
                f"The database refused the import, so nothing was written: {exc}"
            ) from exc
        if result.unchanged_since is not None:
            when = timezone.localtime(result.unchanged_since)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Nothing changed: these files were imported on {when:%d %B %Y at %H:%M} "
                    "and the directory has not changed since. Use --force to compare every "
                    "record anyway."
                )
            )
            return
        for notice in result.notices:
            self.stdout.write(f"Note: {notice}")
        for problem in result.problems:
            self.stderr.write(str(problem))
        if not result.written:
            raise CommandError(
                f"Nothing was imported: {len(result.problems)} problem(s) in "
                f"{result.skipped} record(s), listed above. Fix them, or use --skip-invalid "
                "to import the valid records."
            )
        self._report(result)

    def _report(self, result: ImportResult) -> None:
        for table, count in result.counts.items():
            if count.created or count.updated or count.unchanged or count.deleted:
                self.stdout.write(
                    f"  {table:<24} created {count.created}, updated {count.updated}, "
                    f"unchanged {count.unchanged}, removed {count.deleted}"
                )
        summary = f"Imported {result.kept} record(s)"
        if result.skipped:
            summary += f"; skipped {result.skipped} with problems (listed above)"
        if not result.changed:
            summary += "; nothing changed"
        self.stdout.write(self.style.SUCCESS(summary + "."))

    def _export(self, out: Path, fmt: str) -> None:
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} exists and is not a folder.")
        try:
            out.mkdir(parents=True, exist_ok=True)
            if fmt == "json":
                files = {
                    name: json.dumps(documents, indent=2, ensure_ascii=False) + "\n"
                    for name, documents in json_export_documents().items()
                }
            else:
                files = csv_texts(directory_rows())
            for name, text in files.items():
                (out / name).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(f"Cannot write to {out}: {exc.strerror}.") from exc
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(files)} file(s) to {out}."))
