"""Rules a record must meet beyond the standard's schema, so what we store makes sense and
fits the database: ages a person can have, intervals that are whole, day codes RFC 5545
knows, and amounts that fit. Pure functions over canonical rows."""

from __future__ import annotations

from decimal import Decimal

from linkwork.directory.oruk.limits import max_text_chars
from linkwork.directory.oruk.values import Row, Value, byday_weekdays, bymonthday_numbers

MAX_AGE = 150
AGE_PLACES = 2
AMOUNT_PLACES = 4
MAX_AMOUNT = Decimal("99999999")
MAX_INTERVAL = 1000
# Published points off the Earth are kept (the standard's own example has one) but must at
# least be numbers a database float holds comfortably.
MAX_COORDINATE = 1000


def _places(value: Value) -> int:
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return 0


def _number(value: Value) -> Decimal | None:
    return Decimal(value) if isinstance(value, int | Decimal) else None


def _age_problems(row: Row) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    ages: dict[str, Decimal] = {}
    for name in ("minimum_age", "maximum_age"):
        age = _number(row.get(name))
        if age is None:
            continue
        if not 0 <= age <= MAX_AGE:
            found.append((name, f"{row[name]} is not an age (0 to {MAX_AGE})"))
        elif _places(row[name]) > AGE_PLACES:
            found.append((name, f"{row[name]} has more than {AGE_PLACES} decimal places"))
        else:
            ages[name] = age
    low, high = ages.get("minimum_age"), ages.get("maximum_age")
    if low is not None and high is not None and low > high:
        found.append(("maximum_age", f"{row['maximum_age']} is below minimum_age {low}"))
    return found


def _period_problem(row: Row) -> list[tuple[str, str]]:
    start, end = row.get("valid_from"), row.get("valid_to")
    if isinstance(start, str) and isinstance(end, str) and end < start:
        return [("valid_to", f"{end} is before valid_from {start}")]
    return []


def _schedule_problems(row: Row) -> list[tuple[str, str]]:
    found = _period_problem(row)
    interval = row.get("interval")
    if isinstance(interval, int) and not 1 <= interval <= MAX_INTERVAL:
        found.append(("interval", f"{interval} is not an interval (1 to {MAX_INTERVAL})"))
    for name, parse in (("byday", byday_weekdays), ("bymonthday", bymonthday_numbers)):
        text = row.get(name)
        if isinstance(text, str):
            try:
                parse(text)
            except ValueError as exc:
                found.append((name, str(exc)))
    return found


def _cost_problems(row: Row) -> list[tuple[str, str]]:
    found = _period_problem(row)
    amount = _number(row.get("amount"))
    if amount is not None:
        if not 0 <= amount <= MAX_AMOUNT:
            found.append(("amount", f"{row['amount']} is not an amount (0 to {MAX_AMOUNT})"))
        elif _places(row["amount"]) > AMOUNT_PLACES:
            found.append(("amount", f"{row['amount']} has more than {AMOUNT_PLACES} places"))
    return found


def _location_problems(row: Row) -> list[tuple[str, str]]:
    found = []
    for name in ("latitude", "longitude"):
        value = _number(row.get(name))
        if value is not None and abs(value) > MAX_COORDINATE:
            found.append((name, f"{row[name]} is not a coordinate in degrees"))
    return found


def row_problems(table: str, row: Row) -> list[tuple[str, str]]:
    """(column, message) for each rule the row breaks."""
    found = _length_problems(row)
    if table == "location":
        found += _location_problems(row)
    elif table == "service":
        found += _age_problems(row)
    elif table == "schedule":
        found += _schedule_problems(row)
    elif table == "cost_option":
        found += _cost_problems(row)
    return found


def _length_problems(row: Row) -> list[tuple[str, str]]:
    found = []
    for name, value in row.items():
        if isinstance(value, str) and len(value) > (limit := max_text_chars(name)):
            found.append((name, f"has {len(value):,} characters; at most {limit:,} are kept"))
    return found
