"""One pipeline for every destination: read the files a profile names, map every row to
canonical records, check them, and decide which rows can be written.

`run_import` never writes anything: a live scheme's import (imports/services.py) and the
offline package (package_writer.py) write what it accepts."""

from __future__ import annotations

import fnmatch
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from linkwork.imports.harmonise.checks import Checked, check_records
from linkwork.imports.harmonise.mapping import Record, map_row, order_timepoints
from linkwork.imports.harmonise.problems import ImportInputError, Problem, ProblemReport
from linkwork.imports.harmonise.profile import Profile, RecordBlock
from linkwork.imports.harmonise.quoting import quoted
from linkwork.imports.harmonise.reading import SourceTable, read_source
from linkwork.imports.harmonise.values import is_formula

__all__ = ["ImportRun", "accepted_records", "run_import"]

MAX_CASCADE = 10


@dataclass
class ImportRun:
    profile: Profile
    tables: list[SourceTable]
    records: list[Record]
    report: ProblemReport
    notes: list[str] = field(default_factory=list)
    # The checks' result over every record: what is written when no row has a problem.
    checked: Checked | None = None

    def rows_read(self) -> int:
        return sum(len(t.rows) for t in self.tables)

    def bad_rows(self) -> set[tuple[str, int]]:
        return {(p.file, p.row) for p in self.report.problems}


def file_roles(profile: Profile, paths: Sequence[Path]) -> dict[Path, str]:
    if not profile.files:
        return dict.fromkeys(paths, "")
    roles: dict[Path, str] = {}
    for path in paths:
        role = next(
            (r for r, pattern in profile.files.items() if fnmatch.fnmatch(path.name, pattern)),
            None,
        )
        if role is None:
            expected = ", ".join(f"{r}: {p}" for r, p in profile.files.items())
            raise ImportInputError(
                f"{path.name} matches none of the files the profile {profile.name!r} reads "
                f"({expected}); rename the file or use another profile.",
                code="profile_mismatch",
            )
        roles[path] = role
    for role, pattern in profile.files.items():
        if role not in roles.values():
            raise ImportInputError(
                f"The profile {profile.name!r} needs a {role} file (named like {pattern}); "
                "give it with the others.",
                code="missing_file",
            )
    return roles


def check_columns(profile: Profile, table: SourceTable, blocks: list[RecordBlock]) -> None:
    wanted: set[str] = set()
    for block in blocks:
        wanted |= block.columns()
    missing = sorted(wanted - set(table.columns))
    if not missing:
        return
    if len(missing) * 2 > len(wanted):
        lacking = ", ".join(missing[:5]) + (" and others" if len(missing) > 5 else "")
        found = ", ".join(table.columns[:8]) + (" and others" if len(table.columns) > 8 else "")
        raise ImportInputError(
            f"{table.name} does not match the profile {profile.name!r}: it lacks "
            f"{len(missing)} of the {len(wanted)} columns the profile reads ({lacking}); "
            f"its own columns are {found}. Choose the profile made for this export. For a "
            "layout no profile reads, a system administrator can draft a profile from the "
            "file (linkwork import profile suggest).",
            code="profile_mismatch",
        )
    raise ImportInputError(
        f"{table.name} lacks the column(s) {', '.join(repr(c) for c in missing)} that the "
        f"profile {profile.name!r} reads; export them too, or edit the profile.",
        code="missing_column",
    )


def _row_problems(table: SourceTable, index: int, cells: dict[str, str]) -> list[Problem]:
    row = table.row_number(index)
    return [
        Problem(
            table.name,
            row,
            column,
            "formula_cell",
            f"{quoted(value, limit=40)} is a spreadsheet formula; export the values, not the "
            "formulas (in Excel: copy, then Paste Special > Values).",
        )
        for column, value in cells.items()
        if is_formula(value)
    ]


def _tables(
    profile: Profile, paths: Sequence[Path], roles: dict[Path, str]
) -> list[tuple[Path, str, SourceTable]]:
    """Each file (or, for a profile reading several sheets, each named sheet) with its role."""
    found = []
    for path in paths:
        if not profile.sheets:
            found.append(
                (path, roles[path], read_source(path, kind=profile.kind, sheet=profile.sheet))
            )
            continue
        for role, sheet in profile.sheets.items():
            table = read_source(path, kind="xlsx", sheet=sheet)
            found.append((path, role, replace(table, name=f"{path.name}[{sheet}]")))
    return found


def _row_key(cells: dict[str, str]) -> bytes:
    """A digest of the row's trimmed cells in column order: two rows with one digest repeat
    each other. Kept instead of the cells, since a large file has millions of rows to compare;
    at 128 bits a chance match between different rows is negligible."""
    text = repr(tuple(value.strip() for value in cells.values()))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def run_import(profile: Profile, paths: Sequence[Path]) -> ImportRun:
    """Read, map and check; nothing is written. Raises ImportInputError for a file that cannot
    be read as the profile says."""
    if not paths:
        raise ImportInputError("Give at least one file to import.", code="no_files")
    names = [p.name for p in paths]
    if len(set(names)) != len(names):
        raise ImportInputError(
            "Two files have the same name; rename one so problems can name the file.",
            code="duplicate_file",
        )
    roles = file_roles(profile, paths)
    report = ProblemReport()
    records: list[Record] = []
    tables: list[SourceTable] = []
    notes: list[str] = []
    for _path, role, table in _tables(profile, paths, roles):
        blocks = [b for b in profile.records if b.file_role in ("", role)]
        check_columns(profile, table, blocks)
        tables.append(table)
        notes.extend(table.notes)
        first_seen: dict[bytes, int] = {}
        for index, cells in enumerate(table.rows):
            row = table.row_number(index)
            if not any(value.strip() for value in cells.values()):
                continue
            key = _row_key(cells)
            if key in first_seen:
                report.add(
                    Problem(
                        table.name,
                        row,
                        "",
                        "duplicate_row",
                        f"repeats row {first_seen[key]} exactly; remove one of them.",
                    )
                )
                continue
            first_seen[key] = row
            formulas = _row_problems(table, index, cells)
            if formulas:
                # A formula's value is unknown, so nothing else on the row can be trusted.
                for problem in formulas:
                    report.add(problem)
                continue
            mapped, problems = map_row(profile, blocks, table.name, row, cells)
            records.extend(mapped)
            for problem in problems:
                report.add(problem)
    order_timepoints(records)
    checked = check_records(records)
    for problem in checked.problems:
        report.add(problem)
    return ImportRun(profile, tables, records, report, notes, checked)


def accepted_records(run: ImportRun) -> tuple[Checked, dict[tuple[str, int], list[str]]]:
    """The checked records of the rows without problems, and the reasons for every row left
    out. A row also goes when a record it depends on went (a session whose referral was
    rejected), so what is written always holds together."""
    if not run.report and run.checked is not None:
        return run.checked, {}  # every record stands: checking them again finds the same
    reasons: dict[tuple[str, int], list[str]] = defaultdict(list)
    for problem in run.report.problems:
        reasons[(problem.file, problem.row)].append(
            f"{problem.field}: {problem.message}" if problem.field else problem.message
        )
    bad = set(reasons)
    for _ in range(MAX_CASCADE):
        kept = [r for r in run.records if r.valid and (r.file, r.row) not in bad]
        checked = check_records(kept)
        new = {(p.file, p.row) for p in checked.problems} - bad
        if not new:
            return checked, dict(reasons)
        for problem in checked.problems:
            if (problem.file, problem.row) in new:
                reasons[(problem.file, problem.row)].append(
                    f"{problem.field}: {problem.message} (a row it depends on was rejected)"
                )
        bad |= new
    raise AssertionError("unreachable: each round rejects rows, and rows are finite")
