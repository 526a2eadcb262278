"""The one check a split export cannot make within a part: an id, or an NHS or CHI number,
used by records in two parts (two people). Each part's records claim their ids and numbers;
after every part is checked, a claim in another part than the first (in file and row order)
is a problem, reported when that part is checked again. Claims are kept as 64-bit hashes in
arrays, 18 bytes a claim (a row of a case management export makes about seven), so the
claims of the largest export taken (MAX_FILE_BYTES) stay within about 150 MB."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from linkwork.imports.harmonise.checks import follows_repeated_referral
from linkwork.imports.harmonise.mapping import Record, ref_field
from linkwork.imports.harmonise.partition import ref_hash
from linkwork.imports.harmonise.problems import Problem
from linkwork.imports.harmonise.quoting import quoted
from linkwork.imports.harmonise.words import field_words

__all__ = ["Claims", "Conflict", "conflict_problems"]

_NUMBERS = ("nhs_number", "chi_number")
# What a record claims: its kind's id, a person's number, or an episode's once-only
# questionnaire (its baseline).
_WHAT = (
    "referral",
    "session",
    "questionnaire",
    "connection",
    "financial_gain",
    *_NUMBERS,
    "timepoint",
)
# The claims of a record's own id.
_IDS = frozenset({"referral", "session", "questionnaire", "connection", "financial_gain"})
# (file, row, what is claimed, first file, first row)
Conflict = tuple[str, int, str, str, int]


def _claimed(record: Record, once: frozenset[str], numbers: bool) -> list[tuple[str, str]]:
    if not record.valid:
        return []
    if record.kind == "person":
        if not numbers:
            return []
        return [(name, str(record.values[name])) for name in _NUMBERS if record.values.get(name)]
    claims: list[tuple[str, str]] = []
    if record.ref and not record.completes:
        claims.append((record.kind, record.ref))
    if record.kind == "questionnaire" and str(record.values.get("timepoint") or "") in once:
        key = (str(record.values.get(n) or "") for n in ("referral_ref", "instrument", "timepoint"))
        claims.append(("timepoint", "\x1f".join(key)))
    return claims


class Claims:
    """`once`: the timepoints an episode has one questionnaire of (a baseline), each a
    claim of the referral's; `numbers`: whether a person's NHS or CHI number is theirs alone
    (a live scheme's rule; an offline package keeps two people who share one apart)."""

    def __init__(
        self, files: Iterable[str], *, once: frozenset[str] = frozenset(), numbers: bool = False
    ) -> None:
        self.once = once
        self.numbers = numbers
        self.files = list(files)  # in the order the export gives them, as the checks read
        self._index = {name: number for number, name in enumerate(self.files)}
        self._hashes = array("q")
        self._parts = array("B")  # at most MAX_PARTS (256) parts
        self._what = array("B")
        self._places = array("q")  # file index << 32 | row: file and row order

    def add(self, part: int, records: Iterable[Record]) -> None:
        seen: set[tuple[str, str]] = set()
        for record in records:
            for claim in _claimed(record, self.once, self.numbers):
                if claim[0] not in _NUMBERS:
                    # A later use within the part is the part's own check. A person's number
                    # is claimed on each of their records, as each is checked.
                    if claim in seen:
                        continue
                    seen.add(claim)
                self._hashes.append(ref_hash(f"{claim[0]}\x1f{claim[1]}"))
                self._parts.append(part)
                self._what.append(_WHAT.index(claim[0]))
                self._places.append(self._index[record.file] << 32 | record.row)

    def conflicts(self) -> dict[int, list[Conflict]]:
        """For each part, the claims another part made first. Claims are compared a sixteenth
        at a time (by their hash's top bits), so sorting them needs little more memory."""
        hashes = np.frombuffer(self._hashes, dtype=np.int64)
        parts = np.frombuffer(self._parts, dtype=np.uint8)
        places = np.frombuffer(self._places, dtype=np.int64)
        what = np.frombuffer(self._what, dtype=np.uint8)
        buckets = (hashes >> 60).astype(np.int8)
        found: dict[int, list[Conflict]] = defaultdict(list)
        for bucket in range(-8, 8):
            chosen = np.flatnonzero(buckets == bucket)
            self._bucket_conflicts(
                hashes[chosen], parts[chosen], places[chosen], what[chosen], found
            )
        return dict(found)

    def _bucket_conflicts(
        self,
        hashes: np.ndarray,
        parts: np.ndarray,
        places: np.ndarray,
        what: np.ndarray,
        found: dict[int, list[Conflict]],
    ) -> None:
        if not len(hashes):
            return
        order = np.lexsort((places, hashes))
        hashes, parts, places, what = hashes[order], parts[order], places[order], what[order]
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
        sizes = np.diff(np.r_[starts, len(hashes)])
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            first_part, first_place = int(parts[start]), int(places[start])
            for at in range(start + 1, start + size):
                part, place = int(parts[at]), int(places[at])
                if part == first_part:
                    continue
                found[part].append(
                    (
                        self.files[place >> 32],
                        place & 0xFFFFFFFF,
                        _WHAT[int(what[at])],
                        self.files[first_place >> 32],
                        first_place & 0xFFFFFFFF,
                    )
                )


def conflict_problems(
    records: Iterable[Record],
    conflicts: list[Conflict],
    once: frozenset[str] = frozenset(),
    numbers: bool = False,
) -> list[Problem]:
    """The problems of one part's records that claimed what another part claimed first."""
    if not conflicts:
        return []
    wanted = {
        (file, row, what): (first_file, first_row)
        for file, row, what, first_file, first_row in conflicts
    }
    problems = []
    repeated: set[tuple[str, int, str]] = set()
    for record in records:
        for name, value in _claimed(record, once, numbers):
            first = wanted.get((record.file, record.row, name))
            if first is None:
                continue
            if name == "referral":
                repeated.add((record.file, record.row, record.ref))
            elif name in _IDS and follows_repeated_referral(record, repeated):
                continue
            problems.append(_problem(record, name, value, *first))
    return problems


def _problem(record: Record, name: str, value: str, first_file: str, first_row: int) -> Problem:
    if name in _NUMBERS:
        return Problem(
            record.file,
            record.row,
            record.column(name),
            "duplicate_number",
            f"person {quoted(record.ref)} has the same {field_words(name)} as the person on "
            f"{first_file} row {first_row}; one of them is wrong, or they are one person.",
        )
    if name == "timepoint":
        referral, instrument, timepoint = value.split("\x1f")
        return Problem(
            record.file,
            record.row,
            record.column("timepoint"),
            "duplicate_timepoint",
            f"referral {quoted(referral)} already has a {timepoint} {instrument} on "
            f"{first_file} row {first_row}; an episode has one.",
        )
    label = field_words(ref_field(record.kind))
    return Problem(
        record.file,
        record.row,
        record.column(ref_field(record.kind)),
        "duplicate_id",
        f"{label} {quoted(value)} is already used on {first_file} row {first_row}; each "
        "record needs its own id.",
    )
