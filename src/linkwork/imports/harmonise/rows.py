"""A file's rows held compactly: one tuple of cells a row, each repeated value held once.

An export repeats the same few values down most columns (a sex, a referral source, a date),
and a dict a row costs several times the tuple. A national file holds millions of cells, so
rows are kept as tuples and read back as dicts only while one is being looked at."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

__all__ = ["Rows"]

# A column with at most this share of distinct values has each value held once.
SHARED_VALUE_SHARE = 0.5


class Rows(Sequence[dict[str, str]]):
    """Rows of text cells under `columns`; `rows[i]` is row `i` as a dict of column to cell."""

    __slots__ = ("_cells", "columns")

    def __init__(self, columns: Sequence[str], cells: list[tuple[str, ...]]) -> None:
        self.columns = tuple(columns)
        self._cells = cells

    @classmethod
    def from_columns(cls, columns: Sequence[str], values: Sequence[list[str]]) -> Rows:
        """Rows from one list of cells a column (all of one length)."""
        shared = [_share(column) for column in values]
        return cls(columns, list(zip(*shared, strict=True)) if shared else [])

    def __len__(self) -> int:
        return len(self._cells)

    @overload
    def __getitem__(self, index: int) -> dict[str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, str]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, str] | list[dict[str, str]]:
        if isinstance(index, slice):
            return [dict(zip(self.columns, cells, strict=True)) for cells in self._cells[index]]
        return dict(zip(self.columns, self._cells[index], strict=True))

    def __iter__(self) -> Iterator[dict[str, str]]:
        columns = self.columns
        for cells in self._cells:
            yield dict(zip(columns, cells, strict=True))


def _share(values: list[str]) -> list[str]:
    """The column with every repeated value one object, where values repeat enough to pay for
    the lookup (identifiers and free text are left as they are)."""
    distinct = set(values)
    if len(distinct) > SHARED_VALUE_SHARE * len(values):
        return values
    one = {value: value for value in distinct}
    return [one[value] for value in values]
