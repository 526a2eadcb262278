"""Canonical rows, the units an import keeps or drops whole, and the problems it reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from linkwork.directory.oruk.values import Row

# (owner table, owner id, child table): the source lists that owner's children in full.
Stated = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that stops a record being imported, with where it is."""

    source: str  # the file
    record: str  # the record it belongs to, e.g. "service ac148810-..." or "services.csv line 3"
    path: str  # the field: a JSON pointer, or a CSV column
    message: str

    def __str__(self) -> str:
        where = f"{self.source}: {self.record}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Record:
    """One row of one table as a source states it: only the columns it gives are present."""

    table: str
    id: str
    values: Row
    where: str  # for messages: the unit and the path inside it


@dataclass(slots=True)
class Unit:
    """What `--skip-invalid` keeps or drops whole: one top-level JSON record or one CSV row."""

    source: str
    label: str
    records: list[Record] = field(default_factory=list)
    stated: set[Stated] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.source, self.label, path, message))


@dataclass(slots=True)
class Dataset:
    """Merged rows, table -> id -> row, and which owners' children are stated in full."""

    rows: dict[str, dict[str, Row]] = field(default_factory=dict)
    stated: set[Stated] = field(default_factory=set)

    def table(self, name: str) -> dict[str, Row]:
        return self.rows.setdefault(name, {})

    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


@dataclass(slots=True)
class Reading:
    """What an adapter made of its input: units, and notices that are not problems."""

    units: list[Unit] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # about whole files

    def extend(self, other: Reading) -> None:
        self.units.extend(other.units)
        self.notices.extend(other.notices)
        self.problems.extend(other.problems)
