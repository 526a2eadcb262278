"""Loading a large file into a table keyed by a natural key, in constant memory: rows stream
into a temporary staging table (PostgreSQL `COPY`, or batched inserts on SQLite), duplicates
are found there, and one `INSERT ... ON CONFLICT` adds new keys and rewrites only the rows whose
values changed, so loading an unchanged release again writes nothing. Call it inside the
caller's transaction: a file loads completely or not at all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Literal

from django.db import connection
from django.db.models import Model

from linkwork.core.csv_safety import database_copy_csv

if TYPE_CHECKING:
    import polars as pl

ColumnType = Literal["text", "float", "int"]
_TYPES = {
    "postgresql": {"text": "text", "float": "double precision", "int": "bigint"},
    "sqlite": {"text": "TEXT", "float": "REAL", "int": "INTEGER"},
}
_BATCH = 5000


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    created: int
    updated: int
    unchanged: int


class DuplicateKeyError(ValueError):
    """Two rows of the file give the same key; `lines` are their line numbers."""

    def __init__(self, key: str, lines: tuple[int, int]) -> None:
        super().__init__(key)
        self.key = key
        self.lines = lines


def staged_upsert(
    *,
    model: type[Model],
    key: str,
    columns: Sequence[tuple[str, ColumnType]],
    rows: Iterable[tuple[object, ...]] = (),
    frames: Iterable[pl.DataFrame] = (),
) -> UpsertCounts:
    """Each row is (line number, key, *values in the order of `columns`); so is each column
    of each frame, in that order. Frames reach PostgreSQL's `COPY` as CSV, with no Python
    object per row."""
    vendor = connection.vendor
    types = _TYPES[vendor]
    table = connection.ops.quote_name(model._meta.db_table)
    stage = connection.ops.quote_name(f"stage_{model._meta.db_table}")
    names = [key, *(name for name, _ in columns)]
    quoted = [connection.ops.quote_name(n) for n in names]
    value_columns = quoted[1:]
    same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    with connection.cursor() as cursor:
        definition = ", ".join(
            [
                "line_no " + types["int"],
                f"{quoted[0]} {types['text']}",
                *(
                    f"{q} {types[kind]}"
                    for q, (_, kind) in zip(value_columns, columns, strict=True)
                ),
            ]
        )
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} ({definition})")
        _stage_rows(cursor, stage, ["line_no", *quoted], rows)
        for frame in frames:
            _stage_frame(cursor, stage, ["line_no", *quoted], frame)
        cursor.execute(
            f"CREATE INDEX {connection.ops.quote_name('stage_key')} ON {stage} ({quoted[0]})"
        )

        cursor.execute(
            f"SELECT {quoted[0]}, min(line_no), max(line_no) FROM {stage} GROUP BY {quoted[0]} "  # noqa: S608 - our own identifiers
            f"HAVING count(*) > 1 ORDER BY min(line_no) LIMIT 1"
        )
        duplicate = cursor.fetchone()
        if duplicate is not None:
            cursor.execute(f"DROP TABLE {stage}")
            raise DuplicateKeyError(str(duplicate[0]), (int(duplicate[1]), int(duplicate[2])))

        k = quoted[0]
        cursor.execute(f"SELECT count(*) FROM {stage}")  # noqa: S608
        total = int(cursor.fetchone()[0])
        changed_if = " OR ".join(f"{table}.{c} {differs} excluded.{c}" for c in value_columns)
        assignments = ", ".join(f"{c} = excluded.{c}" for c in value_columns)
        listed = ", ".join(quoted)
        upsert = (
            f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {stage} WHERE TRUE ORDER BY {k} "  # noqa: S608
            f"ON CONFLICT ({k}) DO UPDATE SET {assignments} WHERE {changed_if}"
        )
        if vendor == "postgresql":
            # The upsert counts what it did itself (a row it inserted has xmax 0), sparing two
            # joins of the file against the table.
            cursor.execute(
                f"WITH written AS ({upsert} RETURNING (xmax = 0) AS inserted) "  # noqa: S608
                "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) "
                "FROM written"
            )
            created, updated = (int(n) for n in cursor.fetchone())
            unchanged = total - created - updated
        else:
            cursor.execute(
                f"SELECT count(*) FROM {stage} s WHERE NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {table} t WHERE t.{k} = s.{k})"
            )
            created = int(cursor.fetchone()[0])
            unchanged_if = " AND ".join(f"t.{c} {same} s.{c}" for c in value_columns) or "TRUE"
            cursor.execute(
                f"SELECT count(*) FROM {stage} s JOIN {table} t ON t.{k} = s.{k} "  # noqa: S608
                f"WHERE {unchanged_if}"
            )
            unchanged = int(cursor.fetchone()[0])
            cursor.execute(upsert)
        cursor.execute(f"DROP TABLE {stage}")
    return UpsertCounts(created=created, updated=total - created - unchanged, unchanged=unchanged)


def _stage_rows(
    cursor: object, stage: str, columns: list[str], rows: Iterable[tuple[object, ...]]
) -> None:
    listed = ", ".join(columns)
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {stage} ({listed}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join("%s" for _ in columns)
    sql = f"INSERT INTO {stage} ({listed}) VALUES ({placeholders})"  # noqa: S608
    iterator = iter(rows)
    while batch := list(islice(iterator, _BATCH)):
        cursor.executemany(sql, batch)  # type: ignore[attr-defined]


def _stage_frame(cursor: object, stage: str, columns: list[str], frame: pl.DataFrame) -> None:
    if connection.vendor != "postgresql":
        _stage_rows(cursor, stage, columns, frame.iter_rows())
        return
    payload = database_copy_csv(frame)
    listed = ", ".join(columns)
    with cursor.copy(f"COPY {stage} ({listed}) FROM STDIN WITH (FORMAT csv)") as copy:  # type: ignore[attr-defined]
        copy.write(payload)
