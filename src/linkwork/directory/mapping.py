"""Canonical Open Referral rows to model field values and back. Pure: no Django here, so the
mapping is tested without a database and the importer, exporter and API share it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from linkwork.directory.oruk.tables import TABLES, Kind
from linkwork.directory.oruk.values import (
    Row,
    Value,
    canonical_number,
    format_datetime,
    parse_date,
    parse_datetime,
    time_minutes,
)

# Columns whose model field has another name: references the standard lets point outside the
# dataset are plain ids, not foreign keys.
_RENAMED: dict[tuple[str, str], str] = {
    ("organization", "parent_organization_id"): "parent_organization_ref",
    ("taxonomy_term", "parent_id"): "parent_ref",
    ("taxonomy_term", "taxonomy_id"): "taxonomy_ref",
    ("attribute", "link_id"): "link_ref",
}
# Numbers kept as floats (coordinates); other numbers are exact decimals.
_FLOATS = frozenset({("location", "latitude"), ("location", "longitude")})
# Derived from a column on every write, for filtering.
_MINUTES = {"opens_at": "opens_minute", "closes_at": "closes_minute"}


def field_name(table: str, column: str) -> str:
    return _RENAMED.get((table, column), column)


def field_names(table: str) -> list[str]:
    """The model attributes holding a table's columns, in column order."""
    return [field_name(table, column) for column in TABLES[table].column_names]


def _to_model(table: str, column: str, value: Value) -> object:
    kind = TABLES[table].column(column).kind
    if kind is Kind.TEXT or kind is Kind.TIME:
        return "" if value is None else str(value)
    if value is None:
        return None
    if kind is Kind.UUID:
        return uuid.UUID(str(value))
    if kind is Kind.NUMBER:
        return float(value) if (table, column) in _FLOATS else Decimal(value)
    if kind is Kind.DATE:
        return parse_date(str(value))
    if kind is Kind.DATETIME:
        return parse_datetime(str(value))
    return value


def model_values(table: str, row: Row) -> dict[str, object]:
    """Field values for the columns the row states (and the values derived from them)."""
    values: dict[str, object] = {}
    for column, value in row.items():
        if column == "id":
            continue
        values[field_name(table, column)] = _to_model(table, column, value)
        if table == "schedule" and column in _MINUTES:
            values[_MINUTES[column]] = time_minutes(str(value)) if value else None
    return values


def _to_canonical(kind: Kind, value: object) -> Value:
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if kind is Kind.NUMBER:
        return canonical_number(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | str | Decimal):
        return value
    return str(value)


def canonical_row(table: str, values: Mapping[str, object]) -> Row:
    """A canonical row from model field values (as `QuerySet.values()` gives them)."""
    row: Row = {}
    for column in TABLES[table].columns:
        value = values["id"] if column.name == "id" else values[field_name(table, column.name)]
        row[column.name] = _to_canonical(column.kind, value)
    return row


def usable_point(latitude: float | None, longitude: float | None) -> bool:
    """A published point we can measure from: on Earth, and not the 0,0 placeholder.

    >>> usable_point(55.86, -4.25), usable_point(100, 101), usable_point(0, 0)
    (True, False, False)
    """
    if latitude is None or longitude is None:
        return False
    if latitude == 0 and longitude == 0:
        return False
    return -90 <= latitude <= 90 and -180 <= longitude <= 180
