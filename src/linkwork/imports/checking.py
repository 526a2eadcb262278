"""Checking an export for a scheme (the dry run), part by part when it is large.

A small export is one part: it is read, mapped and checked once, and what the check found is
kept for writing. A large one is split by person (harmonise/partition.py): each part is
checked, leaving only its problems and counts in memory, and ids used in two parts are found
across them (harmonise/across_parts.py); writing checks each part again, one at a time, so
memory holds one part's records whatever the file's size."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from linkwork.imports.harmonise.across_parts import Claims, Conflict, conflict_problems
from linkwork.imports.harmonise.checks import Checked
from linkwork.imports.harmonise.csv_stream import open_csv
from linkwork.imports.harmonise.mapping import Record
from linkwork.imports.harmonise.partition import PART_BYTES, Split, split_sources
from linkwork.imports.harmonise.pipeline import ImportRun as Harmonised
from linkwork.imports.harmonise.pipeline import accepted_records, run_import
from linkwork.imports.harmonise.problems import Problem, ProblemReport
from linkwork.imports.harmonise.profile import Profile
from linkwork.imports.harmonise.rejects import RowSource
from linkwork.imports.scheme_rules import ONCE, practice_notes, scheme_problems, unknown_practices
from linkwork.imports.scheme_write import chunks, groups_of
from linkwork.organisations.models import Scheme

__all__ = ["PartCheck", "SchemeCheck", "checked_export", "scheme_check"]

# The export's first records (in file and row order), for a preview of the mapping.
FIRST_RECORDS = 50


@dataclass
class PartCheck:
    """One part read, mapped and checked, with the records that can be written."""

    harmonised: Harmonised
    checked: Checked
    reasons: dict[tuple[str, int], list[str]]


@dataclass
class _Summary:
    """What a part's check leaves once its records are let go."""

    problems: list[Problem]
    reasons: dict[tuple[str, int], list[str]]
    rows_read: int
    records: int
    importable: int
    chunks: int
    practices: set[str]
    practice_referrals: int


def check_part(
    *, scheme: Scheme, profile: Profile, paths: Sequence[Path], conflicts: Sequence[Conflict] = ()
) -> PartCheck:
    harmonised = run_import(profile, paths)
    for problem in scheme_problems(harmonised.records, scheme, profile.name):
        harmonised.report.add(problem)
    for problem in conflict_problems(harmonised.records, list(conflicts), ONCE):
        harmonised.report.add(problem)
    checked, reasons = accepted_records(harmonised)
    return PartCheck(harmonised, checked, reasons)


def _summary(part: PartCheck, scheme: Scheme, chunk_records: int) -> _Summary:
    harmonised, checked = part.harmonised, part.checked
    codes, referrals = unknown_practices(harmonised.records, scheme, harmonised.bad_rows())
    return _Summary(
        problems=harmonised.report.problems,
        reasons=part.reasons,
        rows_read=harmonised.rows_read(),
        records=len(harmonised.records),
        importable=len(checked.people) + len(checked.referrals) + len(checked.others),
        chunks=len(chunks(groups_of(checked), chunk_records)),
        practices=codes,
        practice_referrals=referrals,
    )


@dataclass
class SchemeCheck:
    """The dry run of an export for a scheme: every problem, the rows left out and why, and
    counts; `parts()` gives each part again, checked, for writing."""

    scheme: Scheme
    profile: Profile
    paths: list[Path]
    split: Split
    chunk_records: int
    summaries: list[_Summary] = field(default_factory=list)
    conflicts: dict[int, list[Conflict]] = field(default_factory=dict)
    first_records: list[Record] = field(default_factory=list)
    kept: PartCheck | None = None  # the one part of an export not split

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

    def chunks_total(self) -> int:
        return sum(s.chunks for s in self.summaries)

    @property
    def notes(self) -> list[str]:
        notes = list(self.split.notes)
        if self.kept is not None:
            notes.extend(self.kept.harmonised.notes)
        codes = set().union(*(s.practices for s in self.summaries))
        referrals = sum(s.practice_referrals for s in self.summaries)
        return notes + practice_notes(self.scheme, codes, referrals)

    def sources(self) -> list[RowSource]:
        """The export's files, to read its rows from as they are (for the rejects file)."""
        if self.kept is not None:
            return list(self.kept.harmonised.tables)
        return [open_csv(path) for path in self.paths]

    def parts(self) -> Iterator[PartCheck]:
        """Each part, checked, in order: the one part of an export not split as first checked;
        each part of a split one checked again, with what was found across the parts."""
        if self.kept is not None:
            yield self.kept
            return
        for number, paths in enumerate(self.split.parts):
            yield check_part(
                scheme=self.scheme,
                profile=self.profile,
                paths=paths,
                conflicts=self.conflicts.get(number, ()),
            )


def _check(
    scheme: Scheme,
    profile: Profile,
    paths: Sequence[Path],
    workdir: Path,
    part_bytes: int,
    chunk_records: int,
) -> SchemeCheck:
    split = split_sources(profile, paths, workdir, part_bytes=part_bytes)
    check = SchemeCheck(scheme, profile, list(paths), split, chunk_records)
    claims = Claims((p.name for p in paths), once=ONCE)
    place = {path.name: number for number, path in enumerate(paths)}
    for number, part_paths in enumerate(split.parts):
        part = check_part(scheme=scheme, profile=profile, paths=part_paths)
        check.summaries.append(_summary(part, scheme, chunk_records))
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
    if split.split:
        check.conflicts = claims.conflicts()
        for number in sorted(check.conflicts):
            part = check_part(
                scheme=scheme,
                profile=profile,
                paths=split.parts[number],
                conflicts=check.conflicts[number],
            )
            check.summaries[number] = _summary(part, scheme, chunk_records)
    return check


@contextmanager
def checked_export(
    *,
    scheme: Scheme,
    profile: Profile,
    paths: Sequence[Path],
    part_bytes: int = PART_BYTES,
    chunk_records: int = 10_000,
) -> Iterator[SchemeCheck]:
    """The export checked, its parts kept (in a temporary directory) until the block ends."""
    with tempfile.TemporaryDirectory(prefix="linkwork-import-") as workdir:
        yield _check(scheme, profile, paths, Path(workdir), part_bytes, chunk_records)


def scheme_check(
    *, scheme: Scheme, profile: Profile, paths: Sequence[Path], part_bytes: int = PART_BYTES
) -> SchemeCheck:
    """Read, map and check the files for `scheme`; nothing is written. Raises
    ImportInputError for a file that cannot be read as the profile says."""
    with checked_export(
        scheme=scheme, profile=profile, paths=paths, part_bytes=part_bytes
    ) as check:
        return check
