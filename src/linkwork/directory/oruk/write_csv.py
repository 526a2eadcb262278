"""Canonical rows back into the standard's tabular form: one CSV file per table, with the
columns and file names of its `datapackage.json`, rows in id order."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from linkwork.directory.oruk.tables import TABLES, WRITE_ORDER
from linkwork.directory.oruk.values import Row, csv_value


def csv_texts(rows: Mapping[str, Mapping[str, Row]]) -> dict[str, str]:
    """{file name: CSV text} for every table, empty tables included (header only)."""
    files: dict[str, str] = {}
    for name in WRITE_ORDER:
        table = TABLES[name]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.column_names)
        table_rows = rows.get(name, {})
        for record_id in sorted(table_rows):
            row = table_rows[record_id]
            writer.writerow([csv_value(row.get(column)) for column in table.column_names])
        files[table.csv_file] = buffer.getvalue()
    return files
