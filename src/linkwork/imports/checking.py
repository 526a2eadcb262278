"""Checking an export for a scheme (the dry run): the export's own checks, part by part when
it is large (harmonise/export_check.py), with the scheme's rules on top (what it already
holds, the practices it serves) and the chunks each part will be written in."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from linkwork.imports.harmonise.checks import Checked
from linkwork.imports.harmonise.export_check import (
    ExportCheck,
    PartCheck,
    PartRules,
    Progress,
)
from linkwork.imports.harmonise.export_check import (
    checked_export as checked_files,
)
from linkwork.imports.harmonise.mapping import Record
from linkwork.imports.harmonise.partition import PART_BYTES, Split
from linkwork.imports.harmonise.problems import ProblemReport
from linkwork.imports.harmonise.profile import Profile
from linkwork.imports.harmonise.rejects import RowSource
from linkwork.imports.scheme_rules import ONCE, practice_notes, scheme_problems, unknown_practices
from linkwork.imports.scheme_write import chunks, groups_of
from linkwork.organisations.models import Scheme

__all__ = ["PartCheck", "SchemeCheck", "checked_export", "scheme_check"]


@dataclass
class _SchemeCounts:
    """What a part's check adds for the scheme: its chunks, and the practices its referrals
    name that the scheme does not serve."""

    chunks: int
    practices: set[str]
    practice_referrals: int


@dataclass
class SchemeCheck:
    """The dry run of an export for a scheme: every problem, the rows left out and why, and
    counts; `parts()` gives each part again, checked, for writing."""

    scheme: Scheme
    chunk_records: int
    export: ExportCheck | None = None
    counts: dict[int, _SchemeCounts] = field(default_factory=dict)

    def count(self, number: int, part: PartCheck) -> None:
        harmonised = part.harmonised
        codes, referrals = unknown_practices(harmonised.records, self.scheme, harmonised.bad_rows())
        self.counts[number] = _SchemeCounts(
            chunks=len(chunks(groups_of(part.checked), self.chunk_records)),
            practices=codes,
            practice_referrals=referrals,
        )

    @property
    def _export(self) -> ExportCheck:
        assert self.export is not None, "checked once the export is read"
        return self.export

    @property
    def split(self) -> Split:
        return self._export.split

    @property
    def first_records(self) -> list[Record]:
        return self._export.first_records

    @property
    def report(self) -> ProblemReport:
        return self._export.report

    @property
    def reasons(self) -> dict[tuple[str, int], list[str]]:
        return self._export.reasons

    def rows_read(self) -> int:
        return self._export.rows_read()

    def record_count(self) -> int:
        return self._export.record_count()

    def importable(self) -> int:
        return self._export.importable()

    def chunks_total(self) -> int:
        return sum(c.chunks for c in self.counts.values())

    @property
    def notes(self) -> list[str]:
        codes = set().union(*(c.practices for c in self.counts.values()))
        referrals = sum(c.practice_referrals for c in self.counts.values())
        return self._export.notes + practice_notes(self.scheme, codes, referrals)

    def sources(self) -> list[RowSource]:
        return self._export.sources()

    def parts(self) -> Iterator[Checked]:
        return self._export.parts()


def scheme_rules(scheme: Scheme, profile: Profile) -> PartRules:
    return PartRules(
        problems=lambda records: scheme_problems(records, scheme, profile.name),
        once=ONCE,
        unique_numbers=True,
    )


@contextmanager
def checked_export(
    *,
    scheme: Scheme,
    profile: Profile,
    paths: Sequence[Path],
    part_bytes: int = PART_BYTES,
    chunk_records: int = 10_000,
    progress: Progress | None = None,
    keep: bool = False,
) -> Iterator[SchemeCheck]:
    """The export checked for `scheme`, its parts kept (in a temporary directory) until the
    block ends, with each part's check when `keep` (for writing)."""
    check = SchemeCheck(scheme, chunk_records)
    with checked_files(
        profile=profile,
        paths=paths,
        rules=scheme_rules(scheme, profile),
        part_bytes=part_bytes,
        seen=check.count,
        progress=progress,
        keep=keep,
    ) as export:
        check.export = export
        yield check


def scheme_check(
    *, scheme: Scheme, profile: Profile, paths: Sequence[Path], part_bytes: int = PART_BYTES
) -> SchemeCheck:
    """Read, map and check the files for `scheme`; nothing is written. Raises
    ImportInputError for a file that cannot be read as the profile says."""
    with checked_export(
        scheme=scheme, profile=profile, paths=paths, part_bytes=part_bytes
    ) as check:
        return check
