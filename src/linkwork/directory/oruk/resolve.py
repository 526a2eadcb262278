"""Merge units into one dataset and check that every reference resolves.

A record may appear several times (an organisation inside each of its services); the
appearances must agree on every field they both state. References must name a record in the
dataset or one the directory already holds (`Held`). Without `skip_invalid`, any problem
anywhere means nothing is written and every problem is reported; with it, units with
problems are dropped, then units whose references pointed into dropped ones, until what
remains is consistent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from linkwork.directory.oruk.records import Dataset, Problem, Reading, Unit
from linkwork.directory.oruk.tables import TABLES, WRITE_ORDER
from linkwork.directory.oruk.values import Row


class Held(Protocol):
    """What the directory already holds: canonical rows of `table` with these ids."""

    def rows(self, table: str, ids: set[str]) -> dict[str, Row]: ...


@dataclass(slots=True)
class Resolution:
    dataset: Dataset
    problems: list[Problem] = field(default_factory=list)
    kept: int = 0  # units written
    skipped: int = 0  # units with problems (left out, or the reason nothing was written)


# (table, id) -> index of the unit that first stated the record.
_Origins = dict[tuple[str, str], int]


def _merge(units: list[Unit]) -> tuple[Dataset, _Origins, dict[int, list[Problem]]]:
    dataset = Dataset()
    origins: _Origins = {}
    where: dict[tuple[str, str, str], str] = {}
    problems: dict[int, list[Problem]] = defaultdict(list)
    for index, unit in enumerate(units):
        for record in unit.records:
            key = (record.table, record.id)
            row = dataset.table(record.table).setdefault(record.id, {})
            origins.setdefault(key, index)
            for column, value in record.values.items():
                if column in row and row[column] != value:
                    problems[index].append(
                        Problem(
                            unit.source,
                            unit.label,
                            column,
                            f"{record.table} {record.id} is also given "
                            f"({where[(*key, column)]}) with {column} {row[column]!r}; "
                            f"here it is {value!r}",
                        )
                    )
                    continue
                row[column] = value
                where.setdefault((*key, column), record.where)
        dataset.stated |= unit.stated
    return dataset, origins, problems


class _References:
    """Finds records in the dataset or among those held, asking the directory once per table."""

    def __init__(self, dataset: Dataset, held: Held) -> None:
        self.dataset = dataset
        self.held = held
        self.cache: dict[str, dict[str, Row]] = {}

    def prefetch(self, wanted: dict[str, set[str]]) -> None:
        for table, ids in wanted.items():
            missing = ids - self.dataset.table(table).keys() - self.cache.get(table, {}).keys()
            if missing:
                self.cache.setdefault(table, {}).update(self.held.rows(table, missing))

    def get(self, table: str, record_id: str) -> Row | None:
        row = self.dataset.table(table).get(record_id)
        return row if row is not None else self.cache.get(table, {}).get(record_id)


def _wanted(dataset: Dataset) -> dict[str, set[str]]:
    """Every id the dataset refers to, by table."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for name, rows in dataset.rows.items():
        table = TABLES[name]
        for row in rows.values():
            for column in table.columns:
                value = row.get(column.name)
                if column.ref and isinstance(value, str):
                    wanted[column.ref].add(value)
    return wanted


def _values(dataset: Dataset, table: str, column: str) -> set[str]:
    return {
        value for row in dataset.table(table).values() if isinstance(value := row.get(column), str)
    }


def _infer_owners(dataset: Dataset, refs: _References) -> None:
    """A schedule may name only its service-at-location, and a language only its phone: the
    service they belong to follows from those."""
    for row in dataset.table("schedule").values():
        link = row.get("service_at_location_id")
        if row.get("service_id") is None and isinstance(link, str):
            at = refs.get("service_at_location", link)
            if at is not None and at.get("service_id") is not None:
                row["service_id"] = at["service_id"]
    phones = {p: refs.get("phone", p) for p in _values(dataset, "language", "phone_id")}
    refs.prefetch(
        {"contact": {str(p["contact_id"]) for p in phones.values() if p and p.get("contact_id")}}
    )
    for row in dataset.table("language").values():
        phone = phones.get(str(row.get("phone_id")))
        if row.get("service_id") is None and phone and isinstance(phone.get("contact_id"), str):
            contact = refs.get("contact", str(phone["contact_id"]))
            if contact is not None and contact.get("service_id") is not None:
                row["service_id"] = contact["service_id"]


def _unowned(dataset: Dataset, held: Held) -> dict[tuple[str, str], list[str]]:
    """New records that do not name their owner (records already held keep theirs)."""
    missing: dict[tuple[str, str], list[str]] = {}
    for name, rows in dataset.rows.items():
        table = TABLES[name]
        needed = [table.owner] if table.owner else []
        if name == "attribute":
            needed.append("taxonomy_term_id")
        for record_id, row in rows.items():
            columns = [column for column in needed if row.get(column) is None]
            if columns:
                missing[(name, record_id)] = columns
    by_table: dict[str, set[str]] = defaultdict(set)
    for name, record_id in missing:
        by_table[name].add(record_id)
    for name, ids in by_table.items():
        for record_id in held.rows(name, ids):
            del missing[(name, record_id)]
    return missing


def _reference_problems(
    units: list[Unit], dataset: Dataset, origins: _Origins, held: Held
) -> dict[int, list[Problem]]:
    refs = _References(dataset, held)
    refs.prefetch(_wanted(dataset))
    _infer_owners(dataset, refs)
    unowned = _unowned(dataset, held)
    problems: dict[int, list[Problem]] = defaultdict(list)
    for name in WRITE_ORDER:
        table = TABLES[name]
        for record_id, row in dataset.table(name).items():
            index = origins[(name, record_id)]
            unit = units[index]
            for column_name in unowned.get((name, record_id), ()):
                problems[index].append(
                    Problem(
                        unit.source,
                        unit.label,
                        column_name,
                        f"{name} {record_id} does not say which record it belongs to "
                        f"(give {column_name})",
                    )
                )
            for column in table.columns:
                value = row.get(column.name)
                if column.ref and isinstance(value, str) and refs.get(column.ref, value) is None:
                    problems[index].append(
                        Problem(
                            unit.source,
                            unit.label,
                            column.name,
                            f"{name} {record_id} refers to {column.ref} {value}, which is "
                            "neither in the file nor in the directory",
                        )
                    )
    return problems


def resolve(reading: Reading, held: Held, *, skip_invalid: bool) -> Resolution:
    units = reading.units
    if not skip_invalid:
        dataset, origins, merge_problems = _merge(units)
        ref_problems = _reference_problems(units, dataset, origins, held)
        problems = list(reading.problems)
        invalid = 0
        for index, unit in enumerate(units):
            own = unit.problems + merge_problems.get(index, []) + ref_problems.get(index, [])
            invalid += bool(own)
            problems += own
        if problems:
            return Resolution(Dataset(), problems, kept=0, skipped=invalid)
        return Resolution(dataset, [], kept=len(units), skipped=0)

    found: dict[int, list[Problem]] = {i: list(u.problems) for i, u in enumerate(units)}
    while True:
        kept = [i for i in range(len(units)) if not found[i]]
        kept_units = [units[i] for i in kept]
        dataset, origins, merge_problems = _merge(kept_units)
        new = dict(merge_problems)
        if not new:
            for index, problems in _reference_problems(kept_units, dataset, origins, held).items():
                new.setdefault(index, []).extend(problems)
        if not new:
            break
        for local_index, problems in new.items():
            found[kept[local_index]].extend(problems)
    reported = list(reading.problems)
    for index in range(len(units)):
        reported += found[index]
    skipped = sum(1 for problems in found.values() if problems)
    return Resolution(dataset, reported, kept=len(units) - skipped, skipped=skipped)
