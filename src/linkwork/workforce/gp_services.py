"""Writes of GP appointments before and after referral: one episode's counts from its page,
or a scheme's from CSV. Both check everything first and write inside one transaction, so a
refusal leaves nothing half-written; every write is audited with the person it is about.

A count is recorded only for a person who consented (the date their consent was recorded),
and only once the window after their referral has passed, so the two counts cover the same
length of time."""

from __future__ import annotations

import calendar
import csv
import uuid
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record
from linkwork.core import clock
from linkwork.core.csv_safety import restore
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.organisations.models import Scheme
from linkwork.workforce.csv_checks import check_columns, refuse_rows, row_problem
from linkwork.workforce.models import GpAppointments
from linkwork.workforce.vocab import (
    MAX_GP_APPOINTMENTS,
    MAX_GP_WINDOW_MONTHS,
    MIN_GP_WINDOW_MONTHS,
    GpCountSource,
)

Problems = dict[str, list[str]]
GP_COLUMNS = (
    "referral_id",
    "consent_recorded_on",
    "window_months",
    "count_before",
    "count_after",
    "source",
    "note",
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def after_window_ends(referral: Referral, window_months: int) -> date:
    """The window after referral runs from the day of referral for `window_months` months."""
    return add_months(referral.received_on, window_months)


@dataclass(frozen=True, slots=True)
class GpCounts:
    consent_recorded_on: date | None
    window_months: int
    count_before: int
    count_after: int
    source: str
    note: str = ""


def _problems(referral: Referral | None, counts: GpCounts, today: date) -> Problems:
    """Every fault of the counts; the window's end is checked only when the episode is known."""
    problems: Problems = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if counts.consent_recorded_on is None:
        add(
            "consent_recorded_on",
            "Give the date the person's consent was recorded: GP appointments are counted "
            "only for people who consented.",
        )
    elif counts.consent_recorded_on > today:
        add("consent_recorded_on", "The date consent was recorded is in the future.")
    if not MIN_GP_WINDOW_MONTHS <= counts.window_months <= MAX_GP_WINDOW_MONTHS:
        add(
            "window_months",
            f"Give a window from {MIN_GP_WINDOW_MONTHS} to {MAX_GP_WINDOW_MONTHS} months.",
        )
    elif referral is not None:
        ends = after_window_ends(referral, counts.window_months)
        if ends > today:
            add(
                "window_months",
                f"The {counts.window_months} months after referral end on "
                f"{ends.day} {ends:%B %Y}: record the counts after then, or choose a "
                "shorter window.",
            )
    for field, value in (
        ("count_before", counts.count_before),
        ("count_after", counts.count_after),
    ):
        if not 0 <= value <= MAX_GP_APPOINTMENTS:
            add(field, f"Give a number of appointments from 0 to {MAX_GP_APPOINTMENTS}.")
    if counts.source not in GpCountSource:
        add("source", "Choose where the counts come from.")
    if len(counts.note) > 200:
        add("note", "Keep the note to 200 characters.")
    return problems


def _write(*, actor: User, referral: Referral, counts: GpCounts, imported: bool) -> GpAppointments:
    assert counts.consent_recorded_on is not None  # checked by _problems
    record, created = GpAppointments.objects.update_or_create(
        referral=referral,
        defaults={
            "scheme_id": referral.scheme_id,
            "consent_recorded_on": counts.consent_recorded_on,
            "window_months": counts.window_months,
            "count_before": counts.count_before,
            "count_after": counts.count_after,
            "source": counts.source,
            "note": counts.note.strip(),
            "imported": imported,
            "recorded_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action="create" if created else "update",
        object_type="gp_appointments",
        object_id=record.pk,
        person_id=referral.person_id,
        scheme_id=referral.scheme_id,
        detail={"imported": imported, "window_months": counts.window_months},
    )
    return record


@transaction.atomic
def gp_appointments_record(
    *, actor: User, referral: Referral, counts: GpCounts, today: date | None = None
) -> GpAppointments:
    """Record (or replace) one episode's counts, entered on its page."""
    problems = _problems(referral, counts, today or clock.today())
    if problems:
        raise DomainError(
            "The GP appointments could not be recorded.", code="gp_invalid", field_errors=problems
        )
    return _write(actor=actor, referral=referral, counts=counts, imported=False)


def _whole(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _parse_row(
    number: int, row: dict[str, str], referrals: dict[str, Referral], today: date
) -> tuple[Referral | None, GpCounts | None, list[str]]:
    """The row's episode and counts, and every problem of the row: a value that cannot be read
    is named, and every other value is still checked, so one pass finds all of them."""
    errors: list[str] = []
    referral = referrals.get(row["referral_id"].strip().lower())
    if referral is None:
        errors.append(
            row_problem(
                number,
                "referral_id",
                f"No episode of this scheme has the id {row['referral_id'].strip()!r}",
            )
        )
    consent = _day(row["consent_recorded_on"]) if row["consent_recorded_on"].strip() else None
    unreadable = set()
    if row["consent_recorded_on"].strip() and consent is None:
        unreadable.add("consent_recorded_on")
        errors.append(row_problem(number, "consent_recorded_on", "Give a date as YYYY-MM-DD"))
    numbers = {c: _whole(row[c]) for c in ("window_months", "count_before", "count_after")}
    for column, value in numbers.items():
        if value is None:
            unreadable.add(column)
            errors.append(row_problem(number, column, "Give a whole number"))
    counts = GpCounts(
        # An unreadable value stands in as a valid one, so only its own fault is named.
        consent_recorded_on=consent if "consent_recorded_on" not in unreadable else today,
        window_months=numbers["window_months"] or MIN_GP_WINDOW_MONTHS,
        count_before=numbers["count_before"] or 0,
        count_after=numbers["count_after"] or 0,
        source=row["source"].strip(),
        note=row["note"],
    )
    for field, messages in _problems(referral, counts, today).items():
        if field not in unreadable:
            errors.extend(row_problem(number, field, message) for message in messages)
    return referral, (counts if not errors else None), errors


@transaction.atomic
def gp_appointments_import(
    *, actor: User, scheme: Scheme, source: TextIO, today: date | None = None
) -> int:
    """Record every row of the file for the scheme's episodes, or none: each row is checked
    first, and the refusal names every row and column at fault. Returns how many rows."""
    reader = csv.DictReader(source)
    try:
        check_columns(reader.fieldnames, GP_COLUMNS, code="gp_columns")
        rows = [{k.strip(): restore(v or "") for k, v in row.items() if k} for row in reader]
    except csv.Error as exc:
        raise DomainError(
            f"The file could not be read as CSV ({exc}): save it from the spreadsheet as CSV.",
            code="gp_columns",
        ) from exc
    if not rows:
        raise DomainError("The file has no rows under its header.", code="gp_empty")
    ids = set()
    for row in rows:
        try:
            ids.add(uuid.UUID(row["referral_id"].strip()))
        except ValueError:
            continue
    referrals = {
        str(r.pk): r for r in Referral.objects.filter(scheme=scheme, pk__in=ids).order_by()
    }
    day = today or clock.today()
    errors: list[str] = []
    parsed: list[tuple[Referral, GpCounts]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        referral, counts, row_errors = _parse_row(number, row, referrals, day)
        if referral is not None and str(referral.pk) in seen:
            row_errors.append(
                row_problem(
                    number, "referral_id", f"The same episode is on row {seen[str(referral.pk)]}"
                )
            )
        if referral is not None:
            seen.setdefault(str(referral.pk), number)
        errors.extend(row_errors)
        if referral is not None and counts is not None and not row_errors:
            parsed.append((referral, counts))
    if errors:
        raise refuse_rows(errors, code="gp_rows")
    for referral, counts in parsed:
        _write(actor=actor, referral=referral, counts=counts, imported=True)
    return len(parsed)
