"""A large export split into parts by person, so that it is checked and written one part at a
time and memory stays bounded whatever the file's size.

Every check but one is about one person: their details on every row, their referrals, and
each referral's sessions, questionnaires, connections and gains. So each row goes to the part
of the person it is about: the person the row names, or, for a row naming only a referral (a
sessions file), the person of that referral elsewhere in the files. The exception, an id used
twice by different people, is caught across the parts (see across_parts.py).

Each part is a directory of CSV files named as the originals (a profile matches files by name),
in the original order, each row led by its number in the original file, so every problem
names the row a person can find. An export of at most `part_bytes` is not split."""

from __future__ import annotations

import csv
import math
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from linkwork.imports.harmonise.csv_stream import CsvStream, open_csv
from linkwork.imports.harmonise.mapping import block_applies, source_text
from linkwork.imports.harmonise.pipeline import check_columns, file_roles
from linkwork.imports.harmonise.profile import FieldSource, Profile, RecordBlock
from linkwork.imports.harmonise.reading import SOURCE_ROW_COLUMN, SourceTable, file_size
from linkwork.imports.harmonise.rows import Rows

__all__ = ["PART_BYTES", "Split", "ref_hash", "split_sources"]

# About 10,000 rows of a case management export: a part's records take a few tens of MB.
PART_BYTES = 2_000_000
# At most this many parts (each an open file while a source file is split; a part's number
# is kept in one byte).
MAX_PARTS = 256
# Rows looked up together (a row naming only a referral waits for its batch's lookup).
_BATCH = 8192


@dataclass
class Split:
    """The parts to check and write, in order, each a list of files; one part holding the
    original files when the export is not split. `notes` say what reading the originals found."""

    parts: list[list[Path]]
    notes: list[str] = field(default_factory=list)

    @property
    def split(self) -> bool:
        return len(self.parts) > 1


def ref_hash(ref: str) -> int:
    """A 64-bit hash of an id, compared only within this process (Python's own string hash,
    seeded per process): two different ids share one by chance about once in 10^19 pairs."""
    return hash(ref)


class _Keys:
    """The person and the referral a row of one source file names, read as the mapping reads
    them (the same columns, templates and conditions), nothing else."""

    def __init__(self, profile: Profile, blocks: list[RecordBlock]) -> None:
        self.date_formats = profile.date_formats
        self.person: list[tuple[RecordBlock, FieldSource]] = []
        self.referral: list[tuple[RecordBlock, FieldSource]] = []
        for block in blocks:
            person = block.fields.get("person_ref")
            if person is not None:
                self.person.append((block, person))
            referral = block.fields.get("referral_ref")
            if referral is not None:
                self.referral.append((block, referral))

    def _first(self, sources: list[tuple[RecordBlock, FieldSource]], cells: dict[str, str]) -> str:
        for block, source in sources:
            if block_applies(block, cells):
                text = source_text(source, cells, self.date_formats)
                if text:
                    return text
        return ""

    def of(self, cells: dict[str, str]) -> tuple[str, str]:
        return self._first(self.person, cells), self._first(self.referral, cells)


def _part(text: str, count: int) -> int:
    return zlib.crc32(text.encode()) % count


class _ReferralParts:
    """Each referral's part (its person's), looked up by a 64-bit hash of its id: for the
    first row naming both, as the checks keep the first of a referral used twice."""

    def __init__(self) -> None:
        self._hashes = array("q")
        self._parts = array("I")
        self.keys = np.empty(0, dtype=np.int64)
        self.values = np.empty(0, dtype=np.uint32)

    def add(self, referral: str, part: int) -> None:
        self._hashes.append(ref_hash(referral))
        self._parts.append(part)

    def freeze(self) -> None:
        hashes = np.frombuffer(self._hashes, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        keys, first = np.unique(ordered, return_index=True)
        self.keys = keys
        self.values = np.frombuffer(self._parts, dtype=np.uint32)[order][first]
        self._hashes, self._parts = array("q"), array("I")

    def lookup(self, referrals: list[str], count: int) -> list[int]:
        """Each referral's part; a referral no row gives a person for goes by its own id."""
        wanted = np.fromiter((ref_hash(r) for r in referrals), dtype=np.int64)
        place = np.searchsorted(self.keys, wanted)
        place = np.minimum(place, max(len(self.keys) - 1, 0))
        found = (self.keys[place] == wanted) if len(self.keys) else np.zeros(len(wanted), bool)
        return [
            int(self.values[p]) if hit else _part(r, count)
            for r, p, hit in zip(referrals, place.tolist(), found.tolist(), strict=True)
        ]


def _row_part(person: str, referral: str, cells: list[str], count: int) -> int | None:
    """The row's part, or None while its referral's part is looked up. A row naming neither
    goes by its cells, so an exact repeat lands beside the row it repeats."""
    if person:
        return _part(person, count)
    if referral:
        return None
    return _part("\x1f".join(c.strip() for c in cells), count)


def _write_source(
    stream: CsvStream, keys: _Keys, referrals: _ReferralParts, dirs: list[Path]
) -> None:
    count = len(dirs)
    handles = [(d / stream.path.name).open("w", encoding="utf-8", newline="") for d in dirs]
    try:
        writers = [csv.writer(h, lineterminator="\n") for h in handles]
        for writer in writers:
            writer.writerow([SOURCE_ROW_COLUMN, *stream.columns])
        batch: list[tuple[int, list[str], int | None, str]] = []

        def flush() -> None:
            waiting = [referral for _, _, part, referral in batch if part is None]
            looked = iter(referrals.lookup(waiting, count)) if waiting else iter(())
            for number, cells, part, _ in batch:
                writers[part if part is not None else next(looked)].writerow([number, *cells])
            batch.clear()

        for number, cells in stream.rows():
            person, referral = keys.of(dict(zip(stream.columns, cells, strict=True)))
            batch.append((number, cells, _row_part(person, referral, cells, count), referral))
            if len(batch) >= _BATCH:
                flush()
        flush()
    finally:
        for handle in handles:
            handle.close()


def split_sources(
    profile: Profile, paths: Sequence[Path], workdir: Path, *, part_bytes: int = PART_BYTES
) -> Split:
    """Split the export into parts under `workdir` when it is larger than `part_bytes` (and
    CSV: a workbook is read whole). Raises ImportInputError as reading the files whole does."""
    total = sum(file_size(path) for path in paths)
    if profile.kind != "csv" or profile.sheets or total <= part_bytes or not paths:
        return Split([list(paths)])
    roles = file_roles(profile, paths)
    sources: list[tuple[CsvStream, _Keys]] = []
    for path in paths:
        stream = open_csv(path)
        blocks = [b for b in profile.records if b.file_role in ("", roles[path])]
        heads = stream.columns
        check_columns(profile, SourceTable(path.name, heads, Rows(heads, [])), blocks)
        sources.append((stream, _Keys(profile, blocks)))
    count = min(MAX_PARTS, math.ceil(total / part_bytes))
    referrals = _ReferralParts()
    for stream, keys in sources:
        for _number, cells in stream.rows():
            person, referral = keys.of(dict(zip(stream.columns, cells, strict=True)))
            if person and referral:
                referrals.add(referral, _part(person, count))
    referrals.freeze()
    dirs = [workdir / f"part-{number:04d}" for number in range(count)]
    for directory in dirs:
        directory.mkdir(parents=True, exist_ok=True)
    for stream, keys in sources:
        _write_source(stream, keys, referrals, dirs)
    notes = [note for stream, _ in sources for note in stream.notes]
    return Split([[d / p.name for p in paths] for d in dirs], notes)
