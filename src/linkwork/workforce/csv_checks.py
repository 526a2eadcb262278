"""Checks every CSV import of the workforce pages shares: a header that names what is missing
and what the file holds instead, and a list of row problems short enough to read."""

from __future__ import annotations

from collections.abc import Sequence

from linkwork.core.errors import DomainError

# More problems than this are counted rather than listed: a file with a wrong column in every
# row would otherwise bury the first few faults under thousands of lines.
MAX_LISTED_PROBLEMS = 50


def _names(columns: Sequence[str]) -> str:
    return ", ".join(columns)


def check_columns(fieldnames: Sequence[str] | None, required: Sequence[str], *, code: str) -> None:
    """Refuse a file without a header or without one of the required columns, naming only the
    missing ones and the file's own columns, so a misspelt header is easy to spot."""
    found = [name.strip() for name in (fieldnames or []) if name and name.strip()]
    if not found:
        raise DomainError(
            "The file is empty or has no header row: the first line must name the columns "
            f"{_names(required)}.",
            code=code,
        )
    missing = [column for column in required if column not in found]
    if not missing:
        return
    if len(found) == 1 and "," not in found[0] and len(required) > 1:
        raise DomainError(
            "The file is not a CSV file with commas between the columns: its first line is "
            f"{found[0][:80]!r}. Save it from the spreadsheet as CSV and import that file.",
            code=code,
        )
    noun = "column" if len(missing) == 1 else "columns"
    raise DomainError(
        f"The file has no {noun} {_names(missing)}. Its columns are {_names(found)}; "
        f"the columns needed are {_names(required)}.",
        code=code,
    )


def row_problem(number: int, column: str, message: str) -> str:
    """One problem of one row, in the same shape everywhere: "Row 3, count_after: Give ..."."""
    text = message.strip()
    text = text[:1].upper() + text[1:]
    if not text.endswith((".", "?", "!")):
        text += "."
    return f"Row {number}, {column}: {text}"


def refuse_rows(problems: list[str], *, code: str) -> DomainError:
    """The refusal of a file with faulty rows: every problem one to a line (up to a cap), in
    `field_errors["rows"]` for pages that list them, and in the message for the command line."""
    listed = problems[:MAX_LISTED_PROBLEMS]
    more = len(problems) - len(listed)
    if more:
        listed.append(f"…and {more} more problem{'s' if more != 1 else ''} not listed here.")
    count = len(problems)
    heading = f"Nothing was imported: {count} problem{'s' if count != 1 else ''} in the file."
    return DomainError("\n".join([heading, *listed]), code=code, field_errors={"rows": listed})
