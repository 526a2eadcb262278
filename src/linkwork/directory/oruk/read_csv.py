"""Adapter: the standard's tabular form (one CSV file per table) into canonical rows.

Files are found by the names in the standard's `datapackage.json`; others are ignored with a
notice. Columns are matched by header, never by position. Each row is one unit, checked
against its table's JSON Schema and the tabular form's extra required columns. A table file
that is present states in full the children of every owner row present in the dataset.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from linkwork.core.csv_safety import restore
from linkwork.directory.oruk.checks import row_problems
from linkwork.directory.oruk.records import Problem, Reading, Record, Unit
from linkwork.directory.oruk.schemas import schema_problems, tabular_required
from linkwork.directory.oruk.tables import LINKABLE, TABLES, WRITE_ORDER, Kind, Table
from linkwork.directory.oruk.values import Row, canonical, canonical_number

# Columns the tabular form may carry that the canonical rows derive instead.
_DERIVED_COLUMNS: dict[str, frozenset[str]] = {"attribute": frozenset({"link_entity"})}


def _typed(table: Table, name: str, text: str) -> object:
    """A cell as the JSON Schema expects it: numbers as numbers where they parse."""
    if table.column(name).kind in (Kind.NUMBER, Kind.INTEGER):
        try:
            return canonical_number(text)
        except ValueError:
            return text  # the schema reports it as "must be a number"
    return restore(text)  # a text cell this product exported carries a formula guard


def _owned_tables(present: set[str]) -> dict[str, list[str]]:
    """For each table present, the present tables whose rows it owns."""
    owned: dict[str, list[str]] = {name: [] for name in present}
    for name in present:
        table = TABLES[name]
        if table.owner is None:
            continue
        if name == "attribute":
            for linkable in LINKABLE:
                if linkable in present:
                    owned[linkable].append(name)
            continue
        owner_table = table.column(table.owner).ref
        if owner_table in present:
            owned[owner_table].append(name)
    return owned


def read_csv_texts(files: Mapping[str, str]) -> Reading:
    """Read a tabular dataset given as {file name: text}."""
    reading = Reading()
    by_file = {table.csv_file: name for name, table in TABLES.items()}
    for file_name in sorted(files):
        if file_name not in by_file:
            reading.notices.append(
                f"{file_name}: not a table of Open Referral UK 3.0's tabular form; ignored"
            )
    present = {by_file[name] for name in files if name in by_file}
    owned = _owned_tables(present)
    for name in WRITE_ORDER:
        if name in present:
            table = TABLES[name]
            _read_table(table, files[table.csv_file], owned[name], reading)
    return reading


def _header_problems(table: Table, header: list[str]) -> list[str]:
    problems = []
    if "id" not in header:
        problems.append("has no id column")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        problems.append(f"repeats the column(s) {', '.join(repeated)}")
    return problems


def _read_table(table: Table, text: str, owned: list[str], reading: Reading) -> None:
    source = table.csv_file
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = list(reader.fieldnames or [])
    header_problems = _header_problems(table, header)
    if header_problems:
        reading.problems.extend(Problem(source, "header", "", p) for p in header_problems)
        return
    known = set(table.column_names) | _DERIVED_COLUMNS.get(table.name, frozenset())
    unknown = [name for name in header if name not in known]
    if unknown:
        reading.notices.append(
            f"{source}: ignored the column(s) {', '.join(unknown)}, which are not part of "
            f"the {table.name} table"
        )
    required = [name for name in tabular_required(table.name) if name in table.column_names]
    seen: dict[str, int] = {}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # Unreadable from here on (a field over the csv module's size limit, a stray
            # quote): the table is refused, naming the line, rather than half read.
            line = reader.line_num + 1
            reading.problems.append(Problem(source, f"line {line}", "", f"is not CSV: {exc}"))
            return
        line = reader.line_num
        raw_id = (cells.get("id") or "").strip()
        unit = Unit(source=source, label=f"line {line} ({table.name} {raw_id or 'without id'})")
        reading.units.append(unit)
        # DictReader files cells beyond the header under the key None.
        if None in cells:
            unit.problem("", "has more cells than the header has columns")
        given = {
            name: _typed(table, name, value)
            for name, value in cells.items()
            if name in table.column_names and value not in ("", None)
        }
        reported = set()
        for path, message in schema_problems(f"{table.name}.json", given):
            column = path.lstrip("/")
            reported.add(column)
            unit.problem(column, message)
        for name in required:
            if name not in given and name not in reported:
                reported.add(name)
                unit.problem(name, "is required in the tabular form")
        values: Row = {}
        for name in table.column_names:
            if name not in header:
                continue
            try:
                values[name] = canonical(table.column(name), given.get(name))
            except ValueError as exc:
                if name not in reported:
                    unit.problem(name, str(exc))
        for name, message in row_problems(table.name, values):
            unit.problem(name, message)
        record_id = values.get("id")
        if not isinstance(record_id, str):
            continue
        if record_id in seen:
            unit.problem("id", f"is also the id on line {seen[record_id]}")
            continue
        seen[record_id] = line
        unit.records.append(Record(table.name, record_id, values, f"{source} line {line}"))
        unit.stated.update((table.name, record_id, child) for child in owned)
