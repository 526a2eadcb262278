"""Checking an export (the dry run), part by part when it is large, for either destination.

A small export is one part: it is read, mapped and checked once, and what the check found is
kept for writing. A large one is split by person (partition.py): each part is checked, leaving
only its problems and counts in memory, and ids used in two parts are found across them
(across_parts.py); memory holds one part's records whatever the file's size. When asked
(`keep`), each part's final check is kept in a file for writing to take back, so a split
export is read and mapped once. A destination adds its own rules (`PartRules`): a live scheme
checks what it already holds, an offline package nothing more."""

from __future__ import annotations

import copyreg
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from linkwork.imports.harmonise.across_parts import Claims, Conflict, conflict_problems
from linkwork.imports.harmonise.checks import Checked
from linkwork.imports.harmonise.csv_stream import open_csv
from linkwork.imports.harmonise.mapping import Record
from linkwork.imports.harmonise.partition import PART_BYTES, Split, split_sources
from linkwork.imports.harmonise.pipeline import ImportRun, accepted_records, run_import
from linkwork.imports.harmonise.problems import Problem, ProblemReport
from linkwork.imports.harmonise.profile import Profile
from linkwork.imports.harmonise.rejects import RowSource

__all__ = ["ExportCheck", "PartCheck", "PartRules", "check_part", "checked_export"]

# The export's first records (in file and row order), for a preview of the mapping.
FIRST_RECORDS = 50


@dataclass(frozen=True)
class PartRules:
    """What a destination checks beyond the export itself: `problems` of a part's records
    (against what it already holds, say), the questionnaire timepoints an episode has once (a
    baseline), and whether an NHS or CHI number belongs to one person only. The last two are
    what the parts of a split export must not both claim."""

    problems: Callable[[list[Record]], Iterable[Problem]] | None = None
    once: frozenset[str] = frozenset()
    unique_numbers: bool = False


@dataclass
class PartCheck:
    """One part read, mapped and checked, with the records that can be written."""

    harmonised: ImportRun
    checked: Checked
    reasons: dict[tuple[str, int], list[str]]

    def importable(self) -> int:
        checked = self.checked
        return len(checked.people) + len(checked.referrals) + len(checked.others)


def check_part(
    *,
    profile: Profile,
    paths: Sequence[Path],
    rules: PartRules = PartRules(),
    conflicts: Sequence[Conflict] = (),
) -> PartCheck:
    harmonised = run_import(profile, paths)
    if rules.problems is not None:
        for problem in rules.problems(harmonised.records):
            harmonised.report.add(problem)
    for problem in conflict_problems(
        harmonised.records, list(conflicts), rules.once, rules.unique_numbers
    ):
        harmonised.report.add(problem)
    checked, reasons = accepted_records(harmonised)
    return PartCheck(harmonised, checked, reasons)


@dataclass
class _Summary:
    """What a part's check leaves once its records are let go."""

    problems: list[Problem]
    reasons: dict[tuple[str, int], list[str]]
    rows_read: int
    records: int
    importable: int


def _summary(part: PartCheck) -> _Summary:
    harmonised = part.harmonised
    return _Summary(
        problems=harmonised.report.problems,
        reasons=part.reasons,
        rows_read=harmonised.rows_read(),
        records=len(harmonised.records),
        importable=part.importable(),
    )


# Called with each part's number and its final check (again, if a part is checked again with
# what was found across the parts), for a destination's own counts.
PartSeen = Callable[[int, PartCheck], None]
# Called with the parts checked so far and their number, as each is first checked.
Progress = Callable[[int, int], None]


@dataclass
class ExportCheck:
    """The dry run of an export: every problem, the rows left out and why, and counts;
    `parts()` gives each part again, checked, for writing."""

    profile: Profile
    paths: list[Path]
    split: Split
    rules: PartRules
    summaries: list[_Summary] = field(default_factory=list)
    conflicts: dict[int, list[Conflict]] = field(default_factory=dict)
    first_records: list[Record] = field(default_factory=list)
    kept: PartCheck | None = None  # the one part of an export not split
    # Each part's final check of a split export, in a file, when the check was asked to keep
    # them for writing.
    kept_files: dict[int, Path] = field(default_factory=dict)

    @property
    def report(self) -> ProblemReport:
        return ProblemReport([p for s in self.summaries for p in s.problems])

    @property
    def reasons(self) -> dict[tuple[str, int], list[str]]:
        return {key: why for s in self.summaries for key, why in s.reasons.items()}

    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.summaries)

    def record_count(self) -> int:
        return sum(s.records for s in self.summaries)

    def importable(self) -> int:
        return sum(s.importable for s in self.summaries)

    @property
    def notes(self) -> list[str]:
        notes = list(self.split.notes)
        if self.kept is not None:
            notes.extend(self.kept.harmonised.notes)
        return notes

    def sources(self) -> list[RowSource]:
        """The export's files, to read its rows from as they are (for the rejects file)."""
        if self.kept is not None:
            return list(self.kept.harmonised.tables)
        return [open_csv(path) for path in self.paths]

    def parts(self) -> Iterator[Checked]:
        """Each part's records that can be written, in order: the one part of an export not
        split as checked; each part of a split one as its final check kept it, or checked
        again (with what was found across the parts) when the check kept nothing."""
        if self.kept is not None:
            yield self.kept.checked
            return
        for number, paths in enumerate(self.split.parts):
            kept = self.kept_files.get(number)
            if kept is not None:
                yield _taken_back(kept)
                continue
            yield check_part(
                profile=self.profile,
                paths=paths,
                rules=self.rules,
                conflicts=self.conflicts.get(number, ()),
            ).checked


# A part's check is kept with pickle: the file is the process's own, written and read back in
# one private temporary directory. Taking a part back costs about a third of reading, mapping
# and checking it again (and the scheme's lookups are not made twice); the file is about three
# times the part's CSV. A questionnaire's score is found by its record's identity, which a file
# does not keep: the pairs are kept instead. A record's columns are its block's read-only
# view, kept as a view of a copy (one per block: pickle keeps what records share).
def _view(values: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(values)


_KEEPS = copyreg.dispatch_table.copy()
_KEEPS[MappingProxyType] = lambda view: (_view, (dict(view),))


def _keep(checked: Checked, path: Path) -> None:
    records = {id(r): r for r in checked.others}
    pairs = [(records[key], scored) for key, scored in checked.scored.items() if key in records]
    bare = replace(checked, scored={})
    with path.open("wb") as out:
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _KEEPS
        pickler.dump((bare, pairs))


def _taken_back(path: Path) -> Checked:
    with path.open("rb") as kept:
        bare, pairs = pickle.load(kept)  # noqa: S301 - our own file (see _keep)
    checked: Checked = bare
    checked.scored = {id(record): scored for record, scored in pairs}
    return checked


def _check(
    profile: Profile,
    paths: Sequence[Path],
    workdir: Path,
    part_bytes: int,
    rules: PartRules,
    seen: PartSeen | None,
    progress: Progress | None,
    keep: bool,
) -> ExportCheck:
    split = split_sources(profile, paths, workdir, part_bytes=part_bytes)
    check = ExportCheck(profile, list(paths), split, rules)

    def final(number: int, part: PartCheck) -> None:
        if seen is not None:
            seen(number, part)
        if keep and split.split:
            check.kept_files[number] = workdir / f"checked-{number}.pickle"
            _keep(part.checked, check.kept_files[number])

    claims = Claims((p.name for p in paths), once=rules.once, numbers=rules.unique_numbers)
    place = {path.name: number for number, path in enumerate(paths)}
    for number, part_paths in enumerate(split.parts):
        part = check_part(profile=profile, paths=part_paths, rules=rules)
        check.summaries.append(_summary(part))
        final(number, part)
        # The export's first records are among the first of their part (a part keeps the
        # export's order): kept from every part, then the first of them all.
        check.first_records = sorted(
            [*check.first_records, *part.harmonised.records[:FIRST_RECORDS]],
            key=lambda r: (place.get(r.file, 0), r.row),
        )[:FIRST_RECORDS]
        if not split.split:
            check.kept = part
        else:
            claims.add(number, part.harmonised.records)
        if progress is not None:
            progress(number + 1, len(split.parts))
    if split.split:
        check.conflicts = claims.conflicts()
        for number in sorted(check.conflicts):
            part = check_part(
                profile=profile,
                paths=split.parts[number],
                rules=rules,
                conflicts=check.conflicts[number],
            )
            check.summaries[number] = _summary(part)
            final(number, part)
    return check


@contextmanager
def checked_export(
    *,
    profile: Profile,
    paths: Sequence[Path],
    rules: PartRules = PartRules(),
    part_bytes: int | None = None,
    seen: PartSeen | None = None,
    progress: Progress | None = None,
    keep: bool = False,
) -> Iterator[ExportCheck]:
    """The export checked, its parts (of about `part_bytes`, PART_BYTES unless given) kept in
    a temporary directory until the block ends, with each part's final check when `keep` (for
    writing). Raises ImportInputError for a file that cannot be read as the profile says."""
    size = PART_BYTES if part_bytes is None else part_bytes
    with tempfile.TemporaryDirectory(prefix="linkwork-import-") as workdir:
        yield _check(profile, paths, Path(workdir), size, rules, seen, progress, keep)
