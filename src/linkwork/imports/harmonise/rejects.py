"""The rejects file: every row left out of an import, as it was in the source, with the
reasons on the row. Written through the product's safe CSV writer, so a cell starting with
= + - or @ is shown as text and never run as a formula by the spreadsheet that opens it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from linkwork.core.csv_safety import safe_writer
from linkwork.imports.harmonise.problems import Problem


class RowSource(Protocol):
    """A source file's rows: a table read whole, or a large file read a row at a time."""

    @property
    def name(self) -> str: ...
    @property
    def columns(self) -> tuple[str, ...]: ...
    def numbered_rows(self) -> Iterator[tuple[int, dict[str, str]]]: ...


__all__ = ["rejection_list", "write_rejects"]

# Rows a run keeps the reasons of, for its page: enough to see what went wrong and where.
REJECTIONS_KEPT = 200


def write_rejects(
    path: Path,
    tables: Sequence[RowSource],
    reasons: Mapping[tuple[str, int], Sequence[str]],
) -> int:
    """Write the rejected rows (keyed by file name and spreadsheet row) and return how many.
    Columns: file, row, reasons, then every source column in the order first seen."""
    columns: list[str] = []
    for table in tables:
        columns.extend(c for c in table.columns if c not in columns)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as sink:
        writer = safe_writer(sink)
        writer.writerow(["file", "row", "reasons", *columns])
        for table in tables:
            for row, cells in table.numbered_rows():
                why = reasons.get((table.name, row))
                if why:
                    writer.writerow(
                        [table.name, row, "; ".join(why), *(cells.get(c, "") for c in columns)]
                    )
                    count += 1
    return count


def rejection_list(
    problems: Sequence[Problem],
    reasons: Mapping[tuple[str, int], Sequence[str]],
    limit: int = REJECTIONS_KEPT,
) -> list[list[str | int]]:
    """The first `limit` rejected rows as [file, row, field, problem code], in file and row
    order: where and what kind of problem, never a value from the row. A row left out only
    because a row it depends on was rejected has the code `invalid_dependency`."""
    found = {(p.file, p.row, p.field, p.code) for p in problems}
    own = {(p.file, p.row) for p in problems}
    found |= {
        (file, row, "", "invalid_dependency") for file, row in reasons if (file, row) not in own
    }
    return [list(entry) for entry in sorted(found)[:limit]]
