"""Reading a CSV export a row at a time, for a file too large to hold: the same checks and
the same rows as `read_source` (encodings, headings, short rows, long cells), without ever
holding more than one row of it.

The encoding is settled by a first pass over the bytes (a file is UTF-8 only if all of it
is), then the rows are read by the csv module from the decoded stream."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.reading import (
    csv_records,
    encoding_note,
    not_text_error,
    refuse_binary,
    refuse_utf16,
    refuse_workbook,
    short_row_error,
    unique_headers,
)

__all__ = ["CsvStream", "open_csv"]

_BLOCK = 1 << 20
_BOM = b"\xef\xbb\xbf"


def _decodes_as(path: Path, encoding: str) -> tuple[int, int] | None:
    """None if the whole file decodes as `encoding`; else the failing byte's place and value."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                # The decoder puts bytes it held back from the last block before this one.
                held = len(exc.object) - len(block)
                return offset - held + exc.start, exc.object[exc.start]
            if not block:
                return None
            offset += len(block)


def _encoding(path: Path, head: bytes) -> str:
    """The encoding `read_source` would choose."""
    refuse_utf16(head, path.name)
    choices = ("utf-8-sig",) if head.startswith(_BOM) else ("utf-8", "cp1252")
    failed: tuple[int, int] | None = None
    for encoding in choices:
        failed = _decodes_as(path, encoding)
        if failed is None:
            return encoding
    assert failed is not None
    raise not_text_error(path.name, *failed)


@dataclass
class CsvStream:
    """A CSV file's headings, encoding and notes; `rows()` yields each row's number (the
    header is row 1) and its cells, as many as the headings."""

    path: Path
    columns: tuple[str, ...]
    encoding: str
    notes: list[str]

    @property
    def name(self) -> str:
        return self.path.name

    def numbered_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        for number, cells in self.rows():
            yield number, dict(zip(self.columns, cells, strict=True))

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        width = len(self.columns)
        short: list[tuple[int, int]] = []
        with self.path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding=self.encoding, newline="")
            records = csv_records(text, self.path.name)
            next(records, None)
            for number, cells in enumerate(records, start=2):
                if not cells:
                    # A blank line is a row of empty cells, as polars reads it.
                    yield number, [""] * width
                elif len(cells) < width:
                    short.append((number, len(cells)))
                elif len(cells) > width:
                    raise ImportInputError(
                        f"{self.path.name} row {number} has {len(cells)} cells where the header "
                        f"has {width}; check that every row has as many cells as the header "
                        "and that quotes are closed.",
                        code="unreadable_csv",
                    )
                elif not short:
                    yield number, cells
        if short:
            first, found = short[0]
            raise short_row_error(self.path.name, first, found, width, len(short) - 1)


def open_csv(path: Path) -> CsvStream:
    """Check the file's kind, encoding and headings (trimmed, as `read_source` trims them).
    Raises ImportInputError as `read_source` does; a short or overlong row is refused while
    the rows are read."""
    with path.open("rb") as handle:
        head = handle.read(_BLOCK)
    refuse_workbook(head, path.name)
    refuse_binary(head, path.name)
    encoding = _encoding(path, head)
    stream = CsvStream(path, (), encoding, [])
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        header = next(csv_records(text, path.name), [])
    if not head.removeprefix(_BOM).strip():
        raise ImportInputError(f"{path.name} is empty.", code="empty_file")
    stream.columns = tuple(h.strip() for h in header)
    unique_headers(list(stream.columns), path.name)
    if encoding == "cp1252":
        stream.notes.append(encoding_note(path.name))
    return stream
