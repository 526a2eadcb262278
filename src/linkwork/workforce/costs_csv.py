"""Scheme costs to and from CSV. Reading is all or nothing: every row is checked first, and
one bad row leaves the database as it was, with a message naming each row and column at
fault. Writing goes through `core.csv_safety`, so a note cannot run as a spreadsheet formula;
a file written here reads back unchanged."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TextIO

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core.csv_safety import restore, safe_writer
from linkwork.core.errors import DomainError
from linkwork.organisations.models import Scheme
from linkwork.workforce.csv_checks import check_columns
from linkwork.workforce.models import SchemeCost
from linkwork.workforce.services import cost_record

COLUMNS = ("scheme", "period_start", "period_end", "category", "amount_gbp", "note")


def _date(text: str) -> date:
    return date.fromisoformat(text.strip())


def _row_problems(number: int, row: dict[str, str], schemes: dict[str, Scheme]) -> list[str]:
    problems = []
    if row["scheme"].strip() not in schemes:
        problems.append(f"row {number}, scheme: no scheme has the slug {row['scheme']!r}.")
    for column in ("period_start", "period_end"):
        try:
            _date(row[column])
        except ValueError:
            problems.append(f"row {number}, {column}: give a date as YYYY-MM-DD.")
    try:
        Decimal(row["amount_gbp"].strip().replace(",", ""))
    except InvalidOperation:
        problems.append(f"row {number}, amount_gbp: give an amount in pounds, like 1250.50.")
    return problems


@transaction.atomic
def costs_import(*, actor: User, source: TextIO) -> int:
    """Record every cost in the file, or none. Returns how many were recorded."""
    reader = csv.DictReader(source)
    check_columns(reader.fieldnames, COLUMNS, code="costs_columns")
    rows = [{k: restore(v or "") for k, v in row.items() if k} for row in reader]
    schemes = {s.slug: s for s in Scheme.objects.filter(slug__in={r["scheme"] for r in rows})}
    problems = [p for n, row in enumerate(rows, start=2) for p in _row_problems(n, row, schemes)]
    if problems:
        raise DomainError("Nothing was imported. " + " ".join(problems), code="costs_rows")
    for number, row in enumerate(rows, start=2):
        try:
            cost_record(
                actor=actor,
                scheme=schemes[row["scheme"].strip()],
                period_start=_date(row["period_start"]),
                period_end=_date(row["period_end"]),
                category=row["category"].strip(),
                amount_gbp=Decimal(row["amount_gbp"].strip().replace(",", "")),
                note=row["note"],
            )
        except DomainError as exc:
            detail = " ".join(
                f"{field}: {message}"
                for field, messages in exc.field_errors.items()
                for message in messages
            )
            raise DomainError(
                f"Nothing was imported. row {number}, {detail}", code="costs_rows"
            ) from exc
    return len(rows)


def costs_export(*, schemes: Iterable[Scheme], sink: TextIO) -> int:
    writer = safe_writer(sink)
    writer.writerow(COLUMNS)
    rows = SchemeCost.objects.filter(scheme__in=list(schemes)).select_related("scheme")
    count = 0
    for cost in rows.order_by("scheme__slug", "period_start", "category"):
        writer.writerow(
            [
                cost.scheme.slug,
                cost.period_start.isoformat(),
                cost.period_end.isoformat(),
                cost.category,
                cost.amount_gbp,
                cost.note,
            ]
        )
        count += 1
    return count
