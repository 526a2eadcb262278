"""How values are written in Open Referral UK, and their one canonical form.

Canonical values are what the JSON form carries, normalised so that two spellings of the same
value compare equal: ids in lower case, whole numbers as `int` and other numbers as `Decimal`,
instants in UTC with milliseconds. Empty text is `None` (the standard omits empty fields).
Parsers raise `ValueError` with a message fit to show a publisher.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from linkwork.directory.oruk.tables import Column, Kind

Number = int | Decimal
Value = str | int | Decimal | None
Row = dict[str, Value]

WEEKDAYS: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?")
_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_MINUTES_PER_DAY = 24 * 60


def canonical_uuid(text: str) -> str:
    """The lower-case form of a UUID (UUIDs are case-insensitive on input, RFC 9562)."""
    try:
        return str(uuid.UUID(text))
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValueError(f"{text!r} is not a UUID") from exc


def canonical_number(value: object) -> Number:
    """A number as `int` when whole, else as a normalised `Decimal`.

    >>> canonical_number(Decimal("12.0")), canonical_number(Decimal("35.50"))
    (12, Decimal('35.5'))
    """
    if isinstance(value, bool):
        raise ValueError("a number is needed, not true or false")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"{value!r} is not a number") from exc
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{value!r} is not a number")
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def parse_date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date written as YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date") from exc


def parse_datetime(text: str) -> datetime:
    """An ISO 8601 instant; one without a zone is taken to be UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date and time in ISO 8601 form") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_datetime(moment: datetime) -> str:
    """UTC with millisecond accuracy, as the standard asks of `last_modified`.

    >>> format_datetime(datetime(2023, 3, 15, 10, 30, 45, 123000, tzinfo=UTC))
    '2023-03-15T10:30:45.123Z'
    """
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def time_minutes(text: str) -> int:
    """Minutes after midnight of a published opening time (its zone is not applied: services
    publish local times).

    >>> time_minutes("10:00:00"), time_minutes("09:30Z"), time_minutes("24:00")
    (600, 570, 1440)
    """
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time written as HH:MM or HH:MM:SS")
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    total = hours * 60 + minutes
    if minutes > 59 or seconds > 59 or total > _MINUTES_PER_DAY:
        raise ValueError(f"{text!r} is not a time of day")
    return total


def byday_weekdays(text: str) -> tuple[str, ...]:
    """The weekday codes in an RFC 5545 BYDAY list (a MONTHLY rule may prefix them: 2MO).

    >>> byday_weekdays("TH,FR"), byday_weekdays("-1FR, 2MO")
    (('TH', 'FR'), ('FR', 'MO'))
    """
    days: list[str] = []
    for part in text.split(","):
        match = _BYDAY.fullmatch(part.strip().upper())
        if not match:
            raise ValueError(
                f"{part.strip()!r} in {text!r} is not a day: use MO, TU, WE, TH, FR, SA or SU"
            )
        days.append(match[2])
    return tuple(days)


def bymonthday_numbers(text: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for part in text.split(","):
        try:
            number = int(part.strip())
        except ValueError as exc:
            raise ValueError(f"{part.strip()!r} in {text!r} is not a day of the month") from exc
        if number == 0 or not -31 <= number <= 31:
            raise ValueError(f"{number} in {text!r} is not a day of the month (1 to 31)")
        numbers.append(number)
    return tuple(numbers)


def canonical(column: Column, value: object) -> Value:
    """The canonical form of a value that has passed the standard's schema.

    Raises ValueError when the value cannot be what the column holds (a date that does not
    exist, an interval of 1.5)."""
    if value is None or value == "":
        return None
    if column.kind is Kind.NUMBER:
        return canonical_number(value)
    if column.kind is Kind.INTEGER:
        number = canonical_number(value)
        if not isinstance(number, int):
            raise ValueError(f"{value} is not a whole number")
        return number
    text = value if isinstance(value, str) else str(value)
    if column.kind is Kind.UUID:
        return canonical_uuid(text)
    if column.kind is Kind.DATE:
        return parse_date(text).isoformat()
    if column.kind is Kind.DATETIME:
        return format_datetime(parse_datetime(text))
    if column.kind is Kind.TIME:
        time_minutes(text)
    return text


def json_value(value: Value) -> str | int | float:
    """A canonical value as written in JSON (numbers as numbers)."""
    if value is None:
        raise ValueError("empty values are omitted, not written")
    if isinstance(value, Decimal):
        return float(value)
    return value


def csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
