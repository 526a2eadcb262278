"""Reading a scheme's export into rows of text: CSV (UTF-8, UTF-8 with a byte order mark, or
Windows-1252, the encodings spreadsheet exports use) and Excel workbooks, through polars.

Every cell is read as text so that codes keep their leading zeros and nothing is guessed;
the mapping step types the values it uses, and says which cell was wrong."""

from __future__ import annotations

import csv
import io
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl

from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.rows import Rows
from linkwork.imports.harmonise.xlsx import merged_cells

__all__ = [
    "MAX_FILE_BYTES",
    "SOURCE_ROW_COLUMN",
    "SourceTable",
    "binary_kind",
    "encoding_note",
    "file_size",
    "has_rows",
    "read_source",
]

MAX_FILE_BYTES = 200_000_000
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
# Files people pick by mistake, by the bytes they start with: named, so the message says what
# the file is rather than calling it text in a strange encoding.
_BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)
_SNIFF_BYTES = 4096
# Enough of a CSV's start to hold its header and a first row, whatever the width.
_PEEK_BYTES = 1 << 20
# The first column of a part of a large file (see partition.py): each row's number in the
# file it came from, so problems name the row a person can find. Never a real heading: it
# starts with a character no export writes.
SOURCE_ROW_COLUMN = "\u2063source row"


@dataclass(frozen=True)
class SourceTable:
    """One file's rows. `rows[i]` is spreadsheet row `i + 2` (the header is row 1), or, for a
    part of a larger file, the row `numbers[i]` of that file."""

    name: str
    columns: tuple[str, ...]
    rows: Rows
    encoding: str = ""
    notes: list[str] = field(default_factory=list)
    numbers: Sequence[int] | None = None

    def row_number(self, index: int) -> int:
        return self.numbers[index] if self.numbers is not None else index + 2

    def numbered_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        for index, cells in enumerate(self.rows):
            yield self.row_number(index), cells


def _looks_like_utf16(head: bytes) -> bool:
    """UTF-16 text of the letters, digits and commas a CSV holds has a zero byte in every
    other place (after each character, or before it) and in no other place."""
    even, odd = head[0::2], head[1::2]
    if not even or not odd:
        return False
    zeros = sorted((even.count(0) / len(even), odd.count(0) / len(odd)))
    return zeros[0] < 0.05 and zeros[1] > 0.5


def binary_kind(data: bytes) -> str:
    """What a file that is not text looks like ("a PNG image"), or "" for what may be text.
    A file with zero bytes that are not UTF-16's is some other binary file."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return what
    head = data[:_SNIFF_BYTES]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head:
        return ""
    return "" if _looks_like_utf16(head) else "a binary file, not text"


def refuse_binary(data: bytes, name: str) -> None:
    what = binary_kind(data)
    if what:
        raise ImportInputError(
            f"{name} is not a text CSV file (it looks like {what}); export the data as CSV "
            "(in Excel: Save As, 'CSV UTF-8 (Comma delimited)') and import that file.",
            code="not_text",
        )


def refuse_utf16(head: bytes, name: str) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:_SNIFF_BYTES]:
        raise ImportInputError(
            f"{name} looks like UTF-16 text (it has zero bytes); save it as CSV UTF-8 "
            "(in Excel: Save As, 'CSV UTF-8 (Comma delimited)') and import that.",
            code="wrong_encoding",
        )


def not_text_error(name: str, start: int, byte: int) -> ImportInputError:
    """Neither UTF-8 nor Windows-1252: `byte` is at `start` (from 0) in the file."""
    return ImportInputError(
        f"{name} is neither UTF-8 nor Windows-1252 text (byte {start + 1} is "
        f"0x{byte:02x}); save it as CSV UTF-8 and import that.",
        code="wrong_encoding",
    )


def _decode(data: bytes, name: str) -> tuple[str, str]:
    refuse_utf16(data, name)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise not_text_error(name, exc.start + 3, data[exc.start + 3]) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise not_text_error(name, exc.start, data[exc.start]) from exc


def unique_headers(headers: list[str], name: str) -> None:
    seen: set[str] = set()
    for column in headers:
        if column in seen:
            raise ImportInputError(
                f"{name} has two columns called {column!r}; rename one so each heading is unique.",
                code="duplicate_column",
            )
        seen.add(column)


def _clean_columns(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    stripped = [c.strip() for c in frame.columns]
    unique_headers(stripped, name)
    return frame.rename(dict(zip(frame.columns, stripped, strict=True)))


def _rows(frame: pl.DataFrame) -> Rows:
    texts = frame.with_columns(pl.all().cast(pl.Utf8).fill_null(""))
    return Rows.from_columns(texts.columns, [texts[c].to_list() for c in texts.columns])


# Longer than any field linkwork keeps, by far: a cell this long is an unclosed quote that ran
# the rest of the file into one cell. The csv module's own limit is process-wide and another
# library may raise it, so the reader checks this itself.
MAX_CELL_CHARS = 131_072


def csv_records(lines: Iterable[str], name: str) -> Iterator[list[str]]:
    """The file's rows as the csv module reads them; a row it cannot read, or with a cell
    longer than MAX_CELL_CHARS, is refused, naming the line."""
    reader = csv.reader(lines)
    problem = ""
    try:
        for cells in reader:
            if cells and max(map(len, cells)) > MAX_CELL_CHARS:
                problem = "too_long"
                break
            yield cells
    except csv.Error as exc:
        problem = "too_long" if "field larger than field limit" in str(exc) else str(exc)
    if not problem:
        return
    if problem == "too_long":
        problem = (
            f"has a cell longer than {MAX_CELL_CHARS:,} characters, far more than any field "
            "linkwork keeps; check that its quotes are closed (an unclosed quote runs the "
            "rest of the file into one cell)"
        )
    else:
        problem = f"cannot be read as CSV ({problem})"
    raise ImportInputError(
        f"{name} line {reader.line_num} {problem}. Export the file again, or correct that line.",
        code="unreadable_csv",
    )


def _refuse_short_rows(text: str, width: int, name: str) -> None:
    """polars pads a row with fewer cells than the header with empty ones, so a row cut
    short would lose its last fields without a word: refuse the file, naming the rows."""
    short = [
        (number, len(cells))
        for number, cells in enumerate(csv_records(io.StringIO(text), name), start=1)
        if cells and len(cells) < width
    ]
    if short:
        number, cells = short[0]
        raise short_row_error(name, number, cells, width, len(short) - 1)


def refuse_workbook(head: bytes, name: str) -> None:
    if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise ImportInputError(
            f"{name} is an Excel workbook, but the profile reads CSV files; use a profile "
            "for Excel, or save the sheet as CSV UTF-8.",
            code="profile_mismatch",
        )


def short_row_error(name: str, number: int, cells: int, width: int, more: int) -> ImportInputError:
    also = f" ({more} more rows are short too)" if more else ""
    return ImportInputError(
        f"{name} row {number} has {cells} cells where the header has {width}{also}; "
        "the cells after them would be lost. Export the file again, or fill in the "
        "missing cells (an empty cell still needs its comma).",
        code="short_row",
    )


def _read_csv(path: Path, data: bytes) -> SourceTable:
    refuse_workbook(data, path.name)
    refuse_binary(data, path.name)
    text, encoding = _decode(data, path.name)
    if not text.strip():
        raise ImportInputError(f"{path.name} is empty.", code="empty_file")
    # polars renames a repeated heading, so look at the heading row as written.
    header = next(csv_records(io.StringIO(text), path.name), [])
    unique_headers([h.strip() for h in header], path.name)
    if header[:1] != [SOURCE_ROW_COLUMN]:
        # A part of a large file was written whole by linkwork from rows already checked.
        _refuse_short_rows(text, len(header), path.name)
    try:
        frame = pl.read_csv(
            io.StringIO(text),
            infer_schema=False,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ImportInputError(
            f"{path.name} is not a readable CSV file ({first[:200]}); check that every row "
            "has as many cells as the header and that quotes are closed.",
            code="unreadable_csv",
        ) from exc
    numbers = None
    if frame.columns and frame.columns[0] == SOURCE_ROW_COLUMN:
        numbers = array("I", (int(n) for n in frame[SOURCE_ROW_COLUMN]))
        frame = frame.drop(SOURCE_ROW_COLUMN)
    frame = _clean_columns(frame, path.name)
    notes = []
    if encoding == "cp1252":
        notes.append(encoding_note(path.name))
    return SourceTable(path.name, tuple(frame.columns), _rows(frame), encoding, notes, numbers)


def encoding_note(name: str) -> str:
    return f"{name} was read as Windows-1252 text (it is not UTF-8)."


def _read_xlsx(path: Path, data: bytes, sheet: str) -> SourceTable:
    if not data.startswith(_ZIP_MAGIC):
        what = "an old .xls workbook" if data.startswith(_OLE_MAGIC) else "not an Excel workbook"
        looks = binary_kind(data)
        if looks:
            what += f" (it looks like {looks})"
        raise ImportInputError(
            f"{path.name} is {what}, but the profile reads Excel .xlsx files; save it as .xlsx "
            "(or use a profile for CSV).",
            code="profile_mismatch",
        )
    try:
        names = list(fastexcel.read_excel(data).sheet_names)
        merged = merged_cells(path)
    except (ValueError, RuntimeError, fastexcel.FastExcelError) as exc:
        raise ImportInputError(
            f"{path.name} is not a readable Excel workbook ({exc}).", code="unreadable_xlsx"
        ) from exc
    if sheet and sheet not in names:
        raise ImportInputError(
            f"{path.name} has no sheet called {sheet!r} (it has {', '.join(names)}); "
            "rename the sheet or use the profile made for this workbook.",
            code="profile_mismatch",
        )
    if not sheet and len(names) != 1:
        raise ImportInputError(
            f"{path.name} has {len(names)} sheets ({', '.join(names)}); the profile reads one. "
            "Keep the data on one sheet, or name the sheet in the profile's format.sheet.",
            code="several_sheets",
        )
    chosen = sheet or names[0]
    if chosen in merged:
        cells = ", ".join(merged[chosen][:5])
        raise ImportInputError(
            f"{path.name}, sheet {chosen!r} has merged cells ({cells}); unmerge them "
            "(Home > Merge & Center > Unmerge Cells) so every row has its own values.",
            code="merged_cells",
        )
    try:
        frame = pl.read_excel(data, engine="calamine", sheet_name=chosen, infer_schema_length=0)
    except (pl.exceptions.PolarsError, fastexcel.FastExcelError, ValueError) as exc:
        raise ImportInputError(
            f"{path.name}, sheet {chosen!r} is not readable ({exc}).", code="unreadable_xlsx"
        ) from exc
    frame = _clean_columns(frame, path.name)
    return SourceTable(path.name, tuple(frame.columns), _rows(frame), "xlsx")


def file_size(path: Path) -> int:
    """The file's size in bytes. Raises ImportInputError for a file that cannot be read or is
    larger than any export linkwork takes."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportInputError(f"Cannot read {path}: {exc.strerror}.", code="unreadable") from exc
    if size > MAX_FILE_BYTES:
        raise ImportInputError(
            f"{path.name} is larger than {MAX_FILE_BYTES:,} bytes; split it and import the "
            "parts together.",
            code="too_large",
        )
    return size


def read_source(path: Path, *, kind: str, sheet: str = "") -> SourceTable:
    """Read one file as the profile says (`kind` is csv or xlsx). Raises ImportInputError with
    a message naming the file and what to do."""
    file_size(path)
    data = path.read_bytes()
    if kind == "xlsx":
        return _read_xlsx(path, data, sheet)
    return _read_csv(path, data)


def _xlsx_has_rows(path: Path, sheets: Sequence[str]) -> bool:
    try:
        reader = fastexcel.read_excel(path.read_bytes())
        names = list(reader.sheet_names)
        named = [s for s in sheets if s]
        if not named and len(names) == 1:
            named = names
        if not named or not set(named) <= set(names):
            return True  # several sheets, or a named one missing: the full read explains
        return any(reader.load_sheet(name, n_rows=1).height for name in named)
    except (ValueError, RuntimeError, fastexcel.FastExcelError):
        return True


def has_rows(path: Path, *, kind: str, sheets: Sequence[str] = ("",)) -> bool:
    """Whether the file holds a row under its header (a workbook: on any of `sheets`, "" for
    its only sheet), reading only a CSV's start, so an upload with nothing to import can be
    refused at once. Raises ImportInputError for a binary file given as a CSV. A file this
    cannot judge (another encoding, several sheets, an empty file) counts as having rows:
    the full read gives its own message."""
    if kind == "xlsx":
        return _xlsx_has_rows(path, sheets)
    with path.open("rb") as handle:
        head = handle.read(_PEEK_BYTES)
        more = bool(handle.read(1))
    if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        return True
    refuse_binary(head, path.name)
    if more or b"\x00" in head[:_SNIFF_BYTES] or not head.strip():
        return True
    # Only the file's shape matters here; the full read checks its encoding.
    records = csv.reader(io.StringIO(head.decode("utf-8", errors="replace")))
    try:
        next(records, None)
        return any(cells for cells in records)
    except csv.Error:
        return True
