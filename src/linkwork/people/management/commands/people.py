"""`linkwork people sar PERSON` and `linkwork people retention`: a person's subject access
report, and the records kept past their scheme's retention period (for review; nothing is
deleted)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.core import clock
from linkwork.core.pdf import html_to_pdf
from linkwork.people.models import Person
from linkwork.people.selectors import people_past_retention
from linkwork.people.subject_access import subject_access_html, subject_access_report


class Command(BaseCommand):
    help = "A person's data rights: subject access reports and the retention review."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sar = sub.add_parser("sar", help="Everything held about one person.")
        sar.add_argument("person", help="The person's id.")
        sar.add_argument("--out", type=Path, help="Folder to write <id>.json, .html and .pdf into.")
        sub.add_parser("retention", help="Records past their retention period, for review.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "retention":
            rows = people_past_retention(user=None, today=clock.today())
            for row in rows:
                self.stdout.write(
                    f"{row.person.pk}\t{row.person.scheme.name}\t{row.state.explain()}"
                )
            self.stdout.write(f"{len(rows)} records past their retention period; none deleted.")
            return
        try:
            person = Person.objects.select_related("scheme").get(pk=uuid.UUID(options["person"]))
        except (ValueError, Person.DoesNotExist):
            raise CommandError(f"No person with id {options['person']!r}.") from None
        report = subject_access_report(person=person, actor=None)
        data = json.dumps(report.as_json(), indent=2, ensure_ascii=False)
        out: Path | None = options["out"]
        if out is None:
            self.stdout.write(data)
            return
        out.mkdir(parents=True, exist_ok=True)
        html = subject_access_html(report, standalone=True)
        (out / f"{person.pk}.json").write_text(data, encoding="utf-8")
        (out / f"{person.pk}.html").write_text(html, encoding="utf-8")
        (out / f"{person.pk}.pdf").write_bytes(html_to_pdf(html))
        self.stdout.write(f"Wrote {person.pk}.json, .html and .pdf to {out}.")
