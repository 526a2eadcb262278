"""`linkwork import ...`: check a scheme's export against a profile, package it offline as the
Common Social Prescribing Dataset (no database), import it into a live scheme, and list or
draft profiles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.evaluation.dataset.pseudonymise import new_key
from linkwork.evaluation.management.commands.export import linkage_key_option
from linkwork.imports.harmonise.dataset import SchemeInfo
from linkwork.imports.harmonise.export_check import ExportCheck, checked_export
from linkwork.imports.harmonise.package_writer import package_export
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import load_profile, shipped_profiles
from linkwork.imports.harmonise.suggest import suggest_profile
from linkwork.imports.harmonise.template import write_template
from linkwork.imports.scheme_command import reverse_command, scheme_command
from linkwork.imports.services import CHUNK_RECORDS


def _key(path: Path | None) -> bytes:
    if path is None:
        return new_key()
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read the key file: {exc.strerror}.") from exc
    if len(key) < 16:
        raise CommandError("The key file must hold at least 16 random bytes.")
    return key


class Command(BaseCommand):
    help = (
        "Import schemes' existing records: check files against a profile, package them as "
        "the Common Social Prescribing Dataset, or list and draft profiles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Dry run: report every problem, write nothing.")
        check.add_argument("--profile", required=True, help="Shipped profile name or file.")
        check.add_argument("files", nargs="+", type=Path, metavar="FILE")

        package = sub.add_parser(
            "package", help="Write a pseudonymised dataset package; no database is used."
        )
        package.add_argument("--profile", required=True, help="Shipped profile name or file.")
        package.add_argument("files", nargs="+", type=Path, metavar="FILE")
        package.add_argument("--out", required=True, type=Path, help="A new directory.")
        package.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Write the valid rows and put the others in a rejects file.",
        )
        package.add_argument(
            "--rejects",
            type=Path,
            help="Where the rejects file goes (default: beside --out, named OUT-rejects.csv).",
        )
        package.add_argument("--scheme-id", default="imported", help="The scheme's id.")
        package.add_argument("--scheme-name", default="Imported scheme", help="Its name.")
        package.add_argument("--region", default="Not recorded", help="Its region's name.")
        package.add_argument("--country", choices=("england", "scotland"), default=None)
        package.add_argument("--parquet", action="store_true", help="Also write Parquet files.")
        package.add_argument(
            "--key-file",
            type=Path,
            help="Reuse a pseudonymisation key (16+ random bytes) to link packages.",
        )
        package.add_argument(
            "--linkage-key-file",
            type=Path,
            help=(
                "A linkage key (16+ random bytes) shared with the other sources to pool with, "
                "never the --key-file: people get a linkage id from their NHS or CHI number "
                "(default: LINKWORK_LINKAGE_KEY_FILE)."
            ),
        )

        scheme = sub.add_parser("scheme", help="Import into a live scheme's records.")
        scheme.add_argument("--profile", required=True, help="Shipped profile name or file.")
        scheme.add_argument("files", nargs="+", type=Path, metavar="FILE")
        scheme.add_argument("--scheme", required=True, help="The scheme's slug.")
        scheme.add_argument(
            "--as", dest="as_user", help="The scheme manager importing (needed unless --dry-run)."
        )
        scheme.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        scheme.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and put the others in a rejects file.",
        )
        scheme.add_argument("--rejects", type=Path, help="Where rejected rows go (a new file).")
        scheme.add_argument(
            "--chunk-size",
            type=int,
            default=CHUNK_RECORDS,
            help=f"Records per committed chunk (default {CHUNK_RECORDS}).",
        )

        reverse = sub.add_parser("reverse", help="Remove what an import into a scheme created.")
        reverse.add_argument("run", help="The import's id (printed when it started).")
        reverse.add_argument("--as", dest="as_user", required=True, help="A scheme manager.")

        profile = sub.add_parser("profile", help="List, draft or get the template for profiles.")
        what = profile.add_subparsers(dest="profile_action", required=True)
        what.add_parser("list", help="The shipped profiles.")
        suggest = what.add_parser("suggest", help="Draft a profile from a file's headers.")
        suggest.add_argument("files", nargs="+", type=Path, metavar="FILE")
        suggest.add_argument("--name", default="my-export", help="The draft profile's name.")
        template = what.add_parser("template", help="Write the blank linkwork template.")
        template.add_argument("--out", required=True, type=Path, help="An .xlsx file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "check":
                self._check(options)
            elif options["action"] == "package":
                self._package(options)
            elif options["action"] == "scheme":
                scheme_command(self, options)
            elif options["action"] == "reverse":
                reverse_command(self, options)
            else:
                self._profile(options)
        except ImportInputError as exc:
            raise CommandError(exc.message) from exc

    def _check(self, options: dict[str, Any]) -> None:
        profile = load_profile(options["profile"])
        with checked_export(profile=profile, paths=options["files"]) as check:
            self._say_problems(check)
            if check.report:
                raise CommandError(
                    f"{len(check.report.problems):,} problem(s) in {check.rows_read():,} "
                    "row(s); nothing was written."
                )
            self.stdout.write(
                f"No problems in {check.rows_read():,} row(s): {check.record_count():,} "
                "record(s) ready."
            )

    def _say_problems(self, check: ExportCheck) -> None:
        for note in check.notes:
            self.stdout.write(note)
        for line in check.report.lines():
            self.stdout.write(line)

    def _package(self, options: dict[str, Any]) -> None:
        profile = load_profile(options["profile"])
        out: Path = options["out"]
        rejects = options["rejects"] or out.with_name(f"{out.name}-rejects.csv")
        key = _key(options["key_file"])
        linkage_key = linkage_key_option(options["linkage_key_file"])
        result = package_export(
            profile=profile,
            paths=options["files"],
            out_dir=out,
            scheme=SchemeInfo(
                options["scheme_id"],
                options["scheme_name"],
                options["region"],
                options["country"] or "",
            ),
            key=key,
            skip_invalid=options["skip_invalid"],
            rejects_path=rejects,
            parquet=options["parquet"],
            linkage_key=linkage_key,
            checked=self._say_problems,
        )
        self.stdout.write(f"Wrote a pseudonymised data package to {result.path}")
        for table, count in result.rows.items():
            self.stdout.write(f"  {table:<18} {count:>8,} rows")
        if result.rejects_path is not None:
            self.stdout.write(
                f"{result.rejected:,} row(s) rejected, with reasons, in {result.rejects_path} "
                "(it holds the source data as given: keep it as safely as the export)."
            )

    def _profile(self, options: dict[str, Any]) -> None:
        if options["profile_action"] == "list":
            for path in shipped_profiles():
                profile = load_profile(str(path))
                self.stdout.write(f"{profile.name:<20} {profile.title}")
        elif options["profile_action"] == "suggest":
            draft = suggest_profile(options["files"], name=options["name"])
            self.stdout.write(json.dumps(draft, indent=2, ensure_ascii=False))
        else:
            write_template(options["out"])
            self.stdout.write(f"Wrote the linkwork template to {options['out']}")
