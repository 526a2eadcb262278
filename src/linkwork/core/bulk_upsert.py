"""Loading a large file into a table keyed by a natural key, in constant memory: rows stream
into a temporary staging table (PostgreSQL `COPY`, or batched inserts on SQLite), duplicates
are found there, and only new keys and rows whose values changed are written, so loading an
unchanged release again writes nothing. Call it inside the caller's transaction: a file loads
completely or not at all."""

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
# From this many rows, a first load into an empty PostgreSQL table drops the table's secondary
# indexes and builds them again afterwards: one sort per index instead of a random insertion
# per row (at 1.7 million postcodes, 5.8 s against 10.3 s).
REBUILD_INDEXES_FROM_ROWS = 100_000


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
        if vendor != "postgresql":
            # SQLite groups and joins through an index; PostgreSQL hashes, faster unindexed.
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
        cursor.execute(f"SELECT count(*) FROM {stage}")  # noqa: S608
        total = int(cursor.fetchone()[0])
        if vendor == "postgresql":
            created, updated = _apply_postgres(cursor, model, stage, quoted, total)
        else:
            created, updated = _apply_sqlite(cursor, table, stage, quoted)
        cursor.execute(f"DROP TABLE {stage}")
    return UpsertCounts(created=created, updated=updated, unchanged=total - created - updated)


def _apply_postgres(
    cursor: object, model: type[Model], stage: str, quoted: list[str], total: int
) -> tuple[int, int]:
    """(created, updated). New keys are inserted in key order, so the unique index fills in
    sequence. Against rows already held, one hash join of the file with the table finds the
    new and the changed rows, so an unchanged release is read and never written. (An
    `INSERT ... ON CONFLICT` probes the index once per row and took twice as long.)"""
    execute = cursor.execute  # type: ignore[attr-defined]
    fetchone = cursor.fetchone  # type: ignore[attr-defined]
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    diff = connection.ops.quote_name(f"diff_{model._meta.db_table}")
    k, values = quoted[0], quoted[1:]
    listed = ", ".join(quoted)
    # Readers go on; a second load waits, so the join and the writes see one table.
    execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    execute(f"SELECT EXISTS (SELECT 1 FROM {table})")  # noqa: S608
    if not fetchone()[0]:
        rebuilt = _secondary_indexes(cursor, model) if total >= REBUILD_INDEXES_FROM_ROWS else []
        for drop, _ in rebuilt:
            execute(drop)
        execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {stage} ORDER BY {k}")  # noqa: S608
        created = int(cursor.rowcount)  # type: ignore[attr-defined]
        for _, create in rebuilt:
            execute(create)
        return created, 0
    execute(f"ANALYZE {stage}")  # a temporary table has no statistics of its own
    changed = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in values) or "FALSE"
    execute(f"DROP TABLE IF EXISTS {diff}")
    execute(
        f"CREATE TEMPORARY TABLE {diff} AS SELECT s.*, t.{pk} AS target_id "  # noqa: S608
        f"FROM {stage} s LEFT JOIN {table} t ON t.{k} = s.{k} "
        f"WHERE t.{pk} IS NULL OR {changed}"
    )
    if values:
        assignments = ", ".join(f"{c} = d.{c}" for c in values)
        execute(
            f"UPDATE {table} t SET {assignments} FROM {diff} d "  # noqa: S608
            f"WHERE d.target_id IS NOT NULL AND t.{pk} = d.target_id"
        )
    updated = int(cursor.rowcount) if values else 0  # type: ignore[attr-defined]
    execute(
        f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {diff} "  # noqa: S608
        f"WHERE target_id IS NULL ORDER BY {k}"
    )
    created = int(cursor.rowcount)  # type: ignore[attr-defined]
    execute(f"DROP TABLE {diff}")
    return created, updated


def _secondary_indexes(cursor: object, model: type[Model]) -> list[tuple[str, str]]:
    """(drop, create) statements for the table's indexes and unique constraints other than its
    primary key, as they are defined now; one a foreign key relies on is left in place."""
    cursor.execute(  # type: ignore[attr-defined]
        """
        SELECT index_class.relname, pg_get_indexdef(i.indexrelid),
               c.conname, pg_get_constraintdef(c.oid)
        FROM pg_index i
        JOIN pg_class index_class ON index_class.oid = i.indexrelid
        LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
        WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
          AND NOT EXISTS (
              SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid
          )
        ORDER BY index_class.relname
        """,
        [model._meta.db_table],
    )
    table = connection.ops.quote_name(model._meta.db_table)
    statements = []
    for index, index_definition, constraint, constraint_definition in cursor.fetchall():  # type: ignore[attr-defined]
        if constraint:
            name = connection.ops.quote_name(constraint)
            statements.append(
                (
                    f"ALTER TABLE {table} DROP CONSTRAINT {name}",
                    f"ALTER TABLE {table} ADD CONSTRAINT {name} {constraint_definition}",
                )
            )
        else:
            statements.append((f"DROP INDEX {connection.ops.quote_name(index)}", index_definition))
    return statements


def _apply_sqlite(cursor: object, table: str, stage: str, quoted: list[str]) -> tuple[int, int]:
    """(created, updated), counted by joins before one `INSERT ... ON CONFLICT` that adds new
    keys and rewrites only the rows whose values changed."""
    execute = cursor.execute  # type: ignore[attr-defined]
    fetchone = cursor.fetchone  # type: ignore[attr-defined]
    k, values = quoted[0], quoted[1:]
    listed = ", ".join(quoted)
    execute(
        f"SELECT count(*) FROM {stage} s WHERE NOT EXISTS "  # noqa: S608
        f"(SELECT 1 FROM {table} t WHERE t.{k} = s.{k})"
    )
    created = int(fetchone()[0])
    unchanged_if = " AND ".join(f"t.{c} IS s.{c}" for c in values) or "TRUE"
    execute(
        f"SELECT count(*) FROM {stage} s JOIN {table} t ON t.{k} = s.{k} "  # noqa: S608
        f"WHERE NOT ({unchanged_if})"
    )
    updated = int(fetchone()[0])
    if not created and not updated:
        return 0, 0  # an unchanged release: nothing to write
    changed_if = " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in values) or "FALSE"
    assignments = ", ".join(f"{c} = excluded.{c}" for c in values) or f"{k} = excluded.{k}"
    execute(
        f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {stage} WHERE TRUE ORDER BY {k} "  # noqa: S608
        f"ON CONFLICT ({k}) DO UPDATE SET {assignments} WHERE {changed_if}"
    )
    return created, updated


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
