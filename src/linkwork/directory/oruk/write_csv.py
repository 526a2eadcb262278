"""Canonical rows back into the standard's tabular form: one CSV file per table, with the
columns and file names of its `datapackage.json`, rows in id order."""

from __future__ import annotations

import io
from collections.abc import Mapping

from linkwork.core.csv_safety import safe_writer
from linkwork.directory.oruk.tables import TABLES, WRITE_ORDER
from linkwork.directory.oruk.values import Row, Value, csv_value


def _cell(value: Value) -> object:
    return csv_value(value) if isinstance(value, str) or value is None else value


def csv_texts(rows: Mapping[str, Mapping[str, Row]]) -> dict[str, str]:
    """{file name: CSV text} for every table, empty tables included (header only)."""
    files: dict[str, str] = {}
    for name in WRITE_ORDER:
        table = TABLES[name]
        buffer = io.StringIO(newline="")
        writer = safe_writer(buffer, lineterminator="\r\n")
        writer.writerow(table.column_names)
        table_rows = rows.get(name, {})
        for record_id in sorted(table_rows):
            row = table_rows[record_id]
            # Numbers go in as numbers so that a negative longitude is not taken for a formula.
            writer.writerow([_cell(row.get(column)) for column in table.column_names])
        files[table.csv_file] = buffer.getvalue()
    return files
