"""Reading many rows of a query fast, column by column.

On PostgreSQL, outside a transaction, the query runs through ADBC's PostgreSQL driver, which
reads it with binary `COPY` in C++ straight into Arrow columns that polars takes without a
copy: no Django converter, psycopg loader or `UUID` object per value, which at a national
year's size (millions of rows) is most of the cost of reading. Inside a transaction (whose
uncommitted rows another connection cannot see) the query runs in the transaction's own
connection inside `COPY (...) TO STDOUT`, and polars parses the CSV it sends. Elsewhere
(SQLite) the rows are streamed through `values_list`. All give the same Python values, column
by column (`value_columns`) or as one typed polars frame (`value_frame`), so a caller works
the same on any database and path:

- keys (UUID) as their text with hyphens, the form `str(uuid)` gives;
- dates as `date`, date-times as time-zone-aware `datetime` in UTC;
- JSON as the decoded value (equal texts are decoded once), or as its text in a frame;
- text, whole numbers, decimals as floats only where the column is a float, booleans as is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import QuerySet

if TYPE_CHECKING:
    import polars as pl

ROWS_PER_FETCH = 2000

# Integer columns of any width read back as Python ints.
_INTEGERS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallAutoField",
    "SmallIntegerField",
}
# Columns whose text is the value: no conversion needed.
_TEXTS = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}
_SUPPORTED = (
    _INTEGERS
    | _TEXTS
    | {
        "UUIDField",
        "DateField",
        "DateTimeField",
        "BooleanField",
        "FloatField",
        "JSONField",
    }
)


def column_kind(model: type[models.Model], path: str) -> str:
    """The internal type of the column `path` names (``person__date_of_birth``,
    ``scheme_id``): for a foreign key, that of the key it points at."""
    parts = path.split("__")
    for name in parts[:-1]:
        related = model._meta.get_field(name).related_model
        assert isinstance(related, type)
        model = related
    last = parts[-1]
    # `scheme_id` is the attname of the foreign key `scheme`.
    field = next(f for f in model._meta.concrete_fields if last in {f.name, f.attname})
    if field.is_relation:
        target = field.target_field  # type: ignore[attr-defined]
        return str(target.get_internal_type())
    return str(field.get_internal_type())


def value_frame(qs: QuerySet[Any], fields: Sequence[str]) -> pl.DataFrame:
    """The query's values for `fields` as one polars frame, a column per field in the
    query's order: keys and JSON as text, dates as Date, date-times in UTC, whole numbers
    as Int64, floats as Float64, booleans as Boolean."""
    kinds = [column_kind(qs.model, name) for name in fields]
    unsupported = sorted({kind for kind in kinds if kind not in _SUPPORTED})
    if unsupported:
        raise ValueError(f"no bulk reading for {', '.join(unsupported)} columns")
    if connection.vendor == "postgresql":
        try:
            qs.values_list(*fields).query.sql_with_params()
        except EmptyResultSet:  # a filter no row can meet (an empty list of ids)
            return _empty(fields, kinds)
        if connection.in_atomic_block:
            return _copied(qs, fields, kinds)
        return _arrow(qs, fields, kinds)
    return _streamed(qs, fields, kinds)


def value_columns(qs: QuerySet[Any], fields: Sequence[str]) -> dict[str, list[Any]]:
    """The query's values for `fields`, column by column, in the query's order (JSON
    decoded)."""
    kinds = [column_kind(qs.model, name) for name in fields]
    if not all(kind in _SUPPORTED for kind in kinds):  # decimals: read as the ORM gives them
        rows = list(qs.values_list(*fields).iterator(chunk_size=ROWS_PER_FETCH))
        columns = [list(values) for values in zip(*rows, strict=True)] or [[] for _ in fields]
        return {
            name: [None if v is None else str(v) for v in values] if kind == "UUIDField" else values
            for name, kind, values in zip(fields, kinds, columns, strict=True)
        }
    frame = value_frame(qs, fields)
    return {
        name: _decoded(frame.get_column(name).to_list())
        if kind == "JSONField"
        else list(frame.get_column(name).to_list())
        for name, kind in zip(fields, kinds, strict=True)
    }


def _dtype(kind: str) -> Any:
    import polars as pl

    if kind in _INTEGERS:
        return pl.Int64
    return {
        "DateField": pl.Date,
        "DateTimeField": pl.Datetime("us", "UTC"),
        "BooleanField": pl.Boolean,
        "FloatField": pl.Float64,
    }.get(kind, pl.Utf8)


def _empty(fields: Sequence[str], kinds: Sequence[str]) -> pl.DataFrame:
    import polars as pl

    return pl.DataFrame(
        schema={name: _dtype(kind) for name, kind in zip(fields, kinds, strict=True)}
    )


def _conninfo() -> str:
    """The libpq connection string of Django's own database settings."""
    from psycopg.conninfo import make_conninfo

    params = connection.get_connection_params()
    plain = {
        k: v for k, v in params.items() if isinstance(v, str | int) and not isinstance(v, bool)
    }
    return make_conninfo(**{k: str(v) for k, v in plain.items()})


def _arrow(qs: QuerySet[Any], fields: Sequence[str], kinds: Sequence[str]) -> pl.DataFrame:
    import adbc_driver_postgresql.dbapi as adbc  # bulk readers only: not in the web process
    import polars as pl

    with connection.cursor() as cursor:
        # The statement with its parameters bound by psycopg's own quoting.
        sql, params = qs.values_list(*fields).query.sql_with_params()
        statement = cursor.mogrify(sql, params)
    with adbc.connect(_conninfo()) as link, link.cursor() as reader:
        reader.execute(statement)
        table = reader.fetch_arrow_table()
    frame = pl.from_arrow(_plain(table).rename_columns(list(fields)))
    assert isinstance(frame, pl.DataFrame)
    return frame.select(_arrow_column(name, kind) for name, kind in zip(fields, kinds, strict=True))


def _plain(table: Any) -> Any:
    """The table with each extension column (``arrow.uuid``, ``arrow.json``) as its storage:
    sixteen bytes, JSON text."""
    import pyarrow as pa

    columns = [
        pa.chunked_array([chunk.storage for chunk in column.chunks], type=column.type.storage_type)
        if isinstance(column.type, pa.BaseExtensionType)
        else column
        for column in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def _arrow_column(name: str, kind: str) -> pl.Expr:
    import polars as pl

    column = pl.col(name)
    if kind == "UUIDField":
        # Sixteen bytes to the hyphenated text `str(uuid)` gives.
        hexed = column.bin.encode("hex")
        return pl.concat_str(
            [
                hexed.str.slice(0, 8),
                hexed.str.slice(8, 4),
                hexed.str.slice(12, 4),
                hexed.str.slice(16, 4),
                hexed.str.slice(20, 12),
            ],
            separator="-",
        ).alias(name)
    if kind == "DateTimeField":
        return column.dt.convert_time_zone("UTC")
    return column.cast(_dtype(kind))


def _streamed(qs: QuerySet[Any], fields: Sequence[str], kinds: Sequence[str]) -> pl.DataFrame:
    import polars as pl

    rows = list(qs.values_list(*fields).iterator(chunk_size=ROWS_PER_FETCH))
    if not rows:
        return _empty(fields, kinds)
    series = []
    for name, kind, values in zip(fields, kinds, zip(*rows, strict=True), strict=True):
        if kind == "UUIDField":
            values = tuple(None if v is None else str(v) for v in values)
        elif kind == "JSONField":
            values = tuple(None if v is None else json.dumps(v) for v in values)
        series.append(pl.Series(name, values, dtype=_dtype(kind)))
    return pl.DataFrame(series)


def _copied(qs: QuerySet[Any], fields: Sequence[str], kinds: Sequence[str]) -> pl.DataFrame:
    import polars as pl

    sql, params = qs.values_list(*fields).query.sql_with_params()
    # A NULL is an unquoted empty field and an empty text a quoted one (""), which polars
    # reads back as null and "" (a NULL marker such as \\N would swallow that very text).
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    with connection.cursor() as cursor:
        chunks = []
        with cursor.cursor.copy(statement, params) as copy:
            for block in copy:
                chunks.append(bytes(block))
    data = b"".join(chunks)
    if not data:
        return _empty(fields, kinds)
    frame = pl.read_csv(
        data,
        has_header=False,
        new_columns=list(fields),
        schema=dict.fromkeys(fields, pl.Utf8),
        quote_char='"',
    )
    return frame.select(_text_column(name, kind) for name, kind in zip(fields, kinds, strict=True))


def _text_column(name: str, kind: str) -> pl.Expr:
    import polars as pl

    column = pl.col(name)
    if kind == "BooleanField":
        return column.replace_strict({"t": True, "f": False}, return_dtype=pl.Boolean)
    if kind == "DateField":
        return column.str.to_date("%Y-%m-%d")
    if kind == "DateTimeField":
        return column.str.to_datetime(time_zone="UTC", time_unit="us")
    return column.cast(_dtype(kind))


def _decoded(texts: list[str | None]) -> list[Any]:
    """Each JSON text decoded, equal texts once (a handful of reason lists recur across a
    million referrals). Decoded values are shared between equal rows: read them, never
    change them."""
    known: dict[str, Any] = {}
    load: Callable[[str], Any] = json.loads
    out: list[Any] = []
    for text in texts:
        if text is None:
            out.append(None)
            continue
        value = known.get(text)
        if value is None:
            value = known[text] = load(text)
        out.append(value)
    return out
