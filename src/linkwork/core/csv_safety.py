"""CSV cells a spreadsheet will not run as formulas (OWASP "CSV injection").

Spreadsheets treat a cell starting with `=`, `+`, `-` or `@` (and, in some, a tab or carriage
return before them) as a formula, so a person named `=HYPERLINK(...)` in an export becomes a
link or a command on the reader's machine. Every CSV the product writes goes through this
module: text that starts with one of those characters gets a leading single quote, which
spreadsheets show as text. Numbers are values, not text, and are written as they are, so a
negative number in a numeric column stays a number.

Pure Python (polars is imported only by the one function that writes a frame).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "FORMULA_PREFIXES",
    "FORMULA_PREFIX_PATTERN",
    "SafeWriter",
    "database_copy_csv",
    "neutralise",
    "restore",
    "safe_cell",
    "safe_writer",
    "write_frame_csv",
]

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# The same set as a regular expression anchored at the start, for column-wise (polars) use.
FORMULA_PREFIX_PATTERN = r"^[=+\-@\t\r]"
QUOTE = "'"


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text.

    >>> neutralise("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> neutralise("-3 days"), neutralise("Ann")
    ("'-3 days", 'Ann')
    """
    if text.startswith(FORMULA_PREFIXES):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """Undo `neutralise` when reading back a file the product wrote.

    >>> restore("'=1+1"), restore("'t Hooft")
    ('=1+1', "'t Hooft")
    """
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def safe_cell(value: object) -> object:
    """A cell ready for `csv.writer`: text neutralised; numbers, dates and empties unchanged.

    >>> safe_cell("+44 131 496 0000"), safe_cell(-3), safe_cell(None)
    ("'+44 131 496 0000", -3, None)
    """
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # fixed-point: "0.0000001", never "1E-7"
    if value is None or isinstance(value, bool | int | float | date):
        return value
    # Anything else (UUIDs, enums, lazy strings) is written as its text, so it is text.
    return neutralise(str(value))


class _TextSink(Protocol):
    def write(self, text: str, /) -> Any: ...


class SafeWriter:
    """`csv.writer` whose rows pass through `safe_cell`."""

    def __init__(self, sink: _TextSink, **options: Any) -> None:
        self._writer = csv.writer(sink, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def safe_writer(sink: _TextSink, **options: Any) -> SafeWriter:
    """The only way the product writes CSV rows (a test scans the source for others)."""
    return SafeWriter(sink, **options)


def write_frame_csv(frame: pl.DataFrame, path: Path, **options: Any) -> None:
    """Write a polars frame as CSV with its text columns neutralised; numeric, date and
    boolean columns are written as they are."""
    import polars as pl  # only this function needs it

    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.Utf8]
    safe = frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_PREFIX_PATTERN))
        .then(pl.lit(QUOTE) + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text_columns
    )
    safe.write_csv(path, **options)


def database_copy_csv(frame: pl.DataFrame) -> str:
    """A frame as CSV for the database's own `COPY ... WITH (FORMAT csv)`, never a file anyone
    opens, so cells stay exactly as they are. Text is quoted, so an empty string stays one and
    a null is the empty unquoted field `COPY` reads as NULL."""
    return frame.write_csv(include_header=False, quote_style="non_numeric")
