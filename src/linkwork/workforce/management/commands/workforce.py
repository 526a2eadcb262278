"""`linkwork workforce`: scheme costs to and from CSV, and GP appointments from CSV.

    linkwork workforce import-costs FILE --by USERNAME
    linkwork workforce export-costs [--scheme SLUG ...] [--output FILE]
    linkwork workforce import-gp-appointments FILE --scheme SLUG --by USERNAME

The columns are scheme (its slug), period_start and period_end (YYYY-MM-DD), category
(staff, management_support, vcse_commissioning, practice_resources, overheads), amount_gbp
and note. An import records every row or, if any row is wrong, none, and says which rows and
columns to correct. GP appointments take the columns of the scheme's import page (see
docs/workforce.md), and only a manager of the scheme may import them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.accounts.models import User
from linkwork.core.errors import DomainError
from linkwork.organisations.models import Scheme
from linkwork.workforce.costs_csv import costs_export, costs_import
from linkwork.workforce.gp_services import gp_appointments_import
from linkwork.workforce.permissions import manages_scheme


class Command(BaseCommand):
    help = "Scheme costs to and from CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import-costs", help="Record scheme costs from a CSV file.")
        load.add_argument("file", type=Path)
        load.add_argument("--by", required=True, help="Username of the manager recording them.")
        gp = sub.add_parser(
            "import-gp-appointments",
            help="Record consenting people's GP appointments before and after referral.",
        )
        gp.add_argument("file", type=Path)
        gp.add_argument("--scheme", required=True, help="The slug of the episodes' scheme.")
        gp.add_argument("--by", required=True, help="Username of a manager of the scheme.")
        dump = sub.add_parser("export-costs", help="Write scheme costs as CSV.")
        dump.add_argument("--scheme", action="append", default=[], help="A scheme slug.")
        dump.add_argument("--output", type=Path, help="A file (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import-costs":
            self._import(options["file"], options["by"])
        elif options["action"] == "import-gp-appointments":
            self._import_gp(options["file"], options["scheme"], options["by"])
        else:
            self._export(options["scheme"], options["output"])

    def _import(self, path: Path, username: str) -> None:
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"--by: no active user is called {username!r}.")
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            with path.open(newline="", encoding="utf-8-sig") as source:
                count = costs_import(actor=actor, source=source)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: save the file as UTF-8 CSV.") from exc
        self.stdout.write(f"Recorded {count} costs.")

    def _import_gp(self, path: Path, slug: str, username: str) -> None:
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"--by: no active user is called {username!r}.")
        scheme = Scheme.objects.filter(slug=slug).first()
        if scheme is None:
            raise CommandError(f"--scheme: no scheme has the slug {slug!r}.")
        if not manages_scheme(actor, scheme):
            raise CommandError(f"--by: {username} does not manage {scheme.name}.")
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            with path.open(newline="", encoding="utf-8-sig") as source:
                count = gp_appointments_import(actor=actor, scheme=scheme, source=source)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: save the file as UTF-8 CSV.") from exc
        self.stdout.write(f"Recorded GP appointments for {count} episodes.")

    def _export(self, slugs: list[str], output: Path | None) -> None:
        schemes = Scheme.objects.filter(slug__in=slugs) if slugs else Scheme.objects.all()
        unknown = set(slugs) - set(schemes.values_list("slug", flat=True))
        if unknown:
            raise CommandError(f"--scheme: no scheme has the slug {', '.join(sorted(unknown))}.")
        if output is None:
            costs_export(schemes=schemes, sink=sys.stdout)
            return
        with output.open("w", newline="", encoding="utf-8") as sink:
            count = costs_export(schemes=schemes, sink=sink)
        self.stdout.write(f"Wrote {count} costs to {output}.")
