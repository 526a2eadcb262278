"""Writing many new rows of one model fast: PostgreSQL `COPY ... FROM STDIN` (psycopg 3's
`cursor.copy()`, which escapes every value), or `bulk_create` in batches on SQLite. Rows go out
as they are read, so a caller can stream a generator of any length in bounded memory.

No `save()`, signals or validation run: it is for writers, like the demo world's generator,
that build rows already valid. Call it inside a transaction so a failed write leaves nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from operator import attrgetter
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin

SQLITE_BATCH = 1000


def _json_dumper(field: models.JSONField) -> Callable[[Any], str | None]:
    encoder = field.encoder or DjangoJSONEncoder

    def dump(value: Any) -> str | None:
        return None if value is None else json.dumps(value, cls=encoder)

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
