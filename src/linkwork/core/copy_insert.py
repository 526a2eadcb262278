"""Writing many new rows of one model fast: PostgreSQL `COPY ... FROM STDIN` (psycopg 3's
`cursor.copy()`, which escapes every value), or `bulk_create` in batches on SQLite. Rows go out
as they are read, so a caller can stream a generator of any length in bounded memory.

`copy_insert` takes model instances; `insert_rows` takes plain tuples of the values of named
columns, and `insert_dicts` dicts of them, so a writer of millions of rows builds no model
instance per row on PostgreSQL.

No `save()`, signals or validation run: it is for writers, like the demo world's generator,
that build rows already valid. Call it inside a transaction so a failed write leaves nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from operator import attrgetter, itemgetter
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

SQLITE_BATCH = 1000


def _json_dumper(field: models.JSONField) -> Callable[[Any], str | None]:
    # One encoder for every row: `json.dumps(value, cls=...)` builds one per call.
    encode = (field.encoder or DjangoJSONEncoder)().encode

    def dump(value: Any) -> str | None:
        return None if value is None else encode(value)

    return dump


def _timestamped(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def copy_columns(model: type[Model]) -> list[models.Field[Any, Any]]:
    """The columns a new row writes: every concrete field the database does not compute
    (an auto-incrementing key is the database's to number)."""
    return [
        field
        for field in model._meta.concrete_fields
        if not getattr(field, "generated", False) and not isinstance(field, AutoFieldMixin)
    ]


def copy_rows(model: type[Model], objs: Iterable[Model]) -> Iterator[tuple[Any, ...]]:
    """Each object's values in the order of `copy_columns`, ready for `COPY`: JSON as text,
    `auto_now`/`auto_now_add` stamped as `bulk_create` would."""
    fields = copy_columns(model)
    values = attrgetter(*(field.attname for field in fields))
    fixes: list[tuple[int, Callable[[Any], Any]]] = []
    stamps: list[tuple[int, models.Field[Any, Any]]] = []
    for index, field in enumerate(fields):
        if isinstance(field, models.JSONField):
            fixes.append((index, _json_dumper(field)))
        elif _timestamped(field):
            stamps.append((index, field))
    single = len(fields) == 1
    for obj in objs:
        row = [values(obj)] if single else list(values(obj))
        for index, field in stamps:
            row[index] = field.pre_save(obj, add=True)
        for index, fix in fixes:
            row[index] = fix(row[index])
        yield tuple(row)


def copy_insert(model: type[Model], objs: Iterable[Model]) -> int:
    """Insert every object of `objs` (all new rows of `model`); returns how many."""
    if connection.vendor != "postgresql":
        return _bulk_create(model, objs)
    fields = copy_columns(model)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    written = 0
    with transaction.atomic(), connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in copy_rows(model, objs):
            copy.write_row(row)
            written += 1
    return written


def _bulk_create(model: type[Model], objs: Iterable[Model]) -> int:
    written = 0
    iterator = iter(objs)
    with transaction.atomic():
        while batch := list(islice(iterator, SQLITE_BATCH)):
            model._default_manager.bulk_create(batch)
            written += len(batch)
    return written


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert new rows of `model`, each a tuple of the values of `columns` (attribute names, so
    `scheme_id` for a foreign key), in that order; returns how many. Every other column takes
    its field's default, worked out once (timestamps: the moment of the call). JSON values are
    Python values, dumped here."""
    fields = {field.attname: field for field in copy_columns(model)}
    unknown = [name for name in columns if name not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(unknown)} to write.")
    required = [
        name
        for name, field in fields.items()
        if name not in columns
        and not (field.null or field.has_default() or _timestamped(field))
        and not field.empty_strings_allowed
    ]
    pk = model._meta.pk
    if pk is not None and pk.attname in fields and pk.attname not in columns:
        # Defaults are worked out once for every row: one key for all would collide.
        required.append(pk.attname)
    if required:
        raise ValueError(
            f"{model.__name__} rows must give {', '.join(required)}: no default to fall back on."
        )
    if connection.vendor != "postgresql":
        return _bulk_create(model, (model(**dict(zip(columns, row, strict=True))) for row in rows))
    rest = [field for name, field in fields.items() if name not in columns]
    now = timezone.now()
    tail = tuple(_default(field, now) for field in rest)
    dumps = [
        (index, _json_dumper(field))
        for index, name in enumerate(columns)
        if isinstance(field := fields[name], models.JSONField)
    ]
    quote = connection.ops.quote_name
    names = ", ".join(quote(fields[name].column) for name in columns)
    if rest:
        names += ", " + ", ".join(quote(field.column) for field in rest)
    statement = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    written = 0
    with transaction.atomic(), connection.cursor() as cursor, cursor.copy(statement) as copy:
        write = copy.write_row
        for row in rows:
            if dumps:
                values = list(row)
                for index, dump in dumps:
                    values[index] = dump(values[index])
                write((*values, *tail))
            else:
                write((*row, *tail))
            written += 1
    return written


def insert_dicts(model: type[Model], rows: Sequence[dict[str, Any]]) -> int:
    """`insert_rows` for rows given as dicts of attribute values, every one with the keys of
    the first (a row missing one is a KeyError, not a silent default)."""
    if not rows:
        return 0
    columns = tuple(rows[0])
    if len(columns) == 1:
        return insert_rows(model, columns, ((row[columns[0]],) for row in rows))
    values = itemgetter(*columns)
    return insert_rows(model, columns, (values(row) for row in rows))


def _default(field: models.Field[Any, Any], now: Any) -> Any:
    if _timestamped(field):
        return now
    value = field.get_default()
    if isinstance(field, models.JSONField):
        return _json_dumper(field)(value)
    return value.value if isinstance(value, enum.Enum) else value


@contextmanager
def bulk_loading(*models_written: type[Model]) -> Iterator[None]:
    """For a bulk load into these models' tables, on PostgreSQL: their foreign keys and
    indexes that enforce nothing (not primary or unique) are dropped for the block and made
    again at its end, PostgreSQL's own advice for loading data. Every row's keys are then
    checked with one query per key rather than a lookup per row at commit, and each index is
    built once, sorted, rather than grown row by row. A row pointing nowhere still fails the
    load; uniqueness is checked as rows arrive. Inside a transaction only, so a failed load
    keeps its keys and indexes; elsewhere (SQLite) nothing changes."""
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_loading must run inside a transaction.")
    quote = connection.ops.quote_name
    tables = [model._meta.db_table for model in models_written]
    with connection.cursor() as cursor:
        # Checks still pending from earlier in the transaction run now: a table with pending
        # checks cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid) "
            "ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        # Back to checking at commit, as Django declares every foreign key.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    refresh_statistics(*models_written)


def refresh_statistics(*models_written: type[Model]) -> None:
    """After a bulk load on PostgreSQL, sample the tables for the planner (`ANALYZE`), as
    PostgreSQL advises. Autovacuum would in time, where it runs; until then the planner
    takes a table of millions for a handful of rows: a scheme manager's due list at a tenth
    of a national year took 34 s for one query instead of 0.06 s. With no model, every
    table of the database. Nothing on SQLite."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if not models_written:
            cursor.execute("ANALYZE")
        for model in models_written:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
