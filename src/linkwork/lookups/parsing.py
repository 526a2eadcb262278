"""Readers for the national lookup files. Pure Python: rows in, canonical records out (the
postcode directory, the largest, is read in bulk by ``postcode_reading``).

Columns are found by header name, never by position, so the same reader takes the full
national releases and our small fixtures:

- ONS Postcode Directory / NSPL: `pcds` (or `pcd`), `ctry`, `lsoa11` (LSOA 2011 in England,
  data zone 2011 in Scotland), `lat`, `long`.
- English Indices of Deprivation 2019 (file 7 or file 1 as CSV): `LSOA code (2011)`, the IMD
  rank (1 = most deprived) and the IMD decile (1 = most deprived 10%).
- Scottish Index of Multiple Deprivation 2020v2 ranks: `Data_Zone`, `SIMD2020v2_Rank`,
  `SIMD2020v2_Decile`, optionally `SIMD2020v2_Quintile`.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from linkwork.lookups.limits import MAX_CELL_CHARS

COUNTRY_CODES = {"E92000001": "england", "S92000003": "scotland", "W92000004": "wales"}


class LookupFileError(ValueError):
    """A lookup file cannot be read; the message names the file's problem and line."""


@dataclass(frozen=True, slots=True)
class PostcodeRow:
    postcode: str
    country: str
    small_area_code: str
    latitude: float | None
    longitude: float | None
    line: int = 0  # where the row is in its file, to name both lines of a duplicate


@dataclass(frozen=True, slots=True)
class DeprivationRow:
    area_code: str
    index: str
    rank: int
    decile: int
    quintile: int


def find_column(headers: list[str], *patterns: str) -> str:
    for pattern in patterns:
        regex = re.compile(pattern, re.IGNORECASE)
        for header in headers:
            if regex.fullmatch(header.strip()):
                return header
    raise LookupFileError(
        f"No column matching {' or '.join(patterns)}; the file has: {', '.join(headers)}."
    )


def _reader(lines: Iterable[str]) -> tuple[csv.DictReader[str], list[str]]:
    reader = csv.DictReader(lines)
    if not reader.fieldnames:
        raise LookupFileError("The file is empty or has no header row.")
    return reader, list(reader.fieldnames)


def _rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, cells) for each data row, refusing rows no real lookup file has: cells
    beyond the header, cells longer than any code or coordinate, unreadable CSV."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The csv module refuses fields over its own (process-wide) limit; say where. Its
            # line count stops before the line it could not finish.
            raise LookupFileError(
                f"Line {reader.line_num + 1}: not readable as CSV ({exc})."
            ) from exc
        line_no = reader.line_num
        if None in row:
            raise LookupFileError(f"Line {line_no}: more cells than the header has columns.")
        for column, value in row.items():
            if value is not None and len(value) > MAX_CELL_CHARS:
                raise LookupFileError(
                    f"Line {line_no}, column {column}: {len(value)} characters; no lookup "
                    f"value is longer than {MAX_CELL_CHARS}."
                )
        yield line_no, row


def locate_unreadable_row(lines: Iterable[str]) -> None:
    """Raise the error naming the first line no lookup file should have, if there is one;
    for readers that learn a file is broken without learning where."""
    reader, _ = _reader(lines)
    for _ in _rows(reader):
        pass


def _once(first_line: dict[str, int], key: str, *, line_no: int, noun: str) -> None:
    """Refuse a second row for the same key: which one should win is not ours to guess."""
    if key in first_line:
        raise LookupFileError(
            f"Lines {first_line[key]} and {line_no} both give the {noun} {key}; "
            f"a lookup file lists each {noun} once."
        )
    first_line[key] = line_no


def _coordinate(value: str, *, line_no: int, column: str) -> float | None:
    """A latitude or longitude; empty means not known. Text is refused rather than blanked,
    so a shifted or corrupted file cannot erase the coordinates already held."""
    if not value.strip():
        return None
    try:
        number = float(value)
    except ValueError as exc:
        raise LookupFileError(
            f"Line {line_no}, column {column}: {value[:40]!r} is not a number."
        ) from exc
    if not math.isfinite(number):
        raise LookupFileError(f"Line {line_no}, column {column}: {value!r} is not a number.")
    return number


def _int(value: str, *, line_no: int, column: str) -> int:
    try:
        return int(float(value))
    except (ValueError, OverflowError) as exc:
        raise LookupFileError(f"Line {line_no}: {column} is not a number ({value!r}).") from exc


def _check_direction(rows: list[DeprivationRow], index: str) -> None:
    if not rows:
        raise LookupFileError(f"The {index} file has no data rows.")
    most, least = min(rows, key=lambda r: r.rank), max(rows, key=lambda r: r.rank)
    if most.decile > least.decile:
        raise LookupFileError(
            f"In this {index} file the most deprived area (rank {most.rank}) has decile "
            f"{most.decile} but the least deprived has {least.decile}: its deciles run the "
            "other way. linkwork expects decile 1 = most deprived; check the file's data "
            "dictionary."
        )
    for row in rows:
        if not 1 <= row.decile <= 10:
            raise LookupFileError(f"{row.area_code}: decile {row.decile} is not between 1 and 10.")


def read_imd2019(lines: Iterable[str]) -> list[DeprivationRow]:
    reader, headers = _reader(lines)
    code_col = find_column(headers, r"LSOA code \(2011\)", "lsoa11cd", "lsoa_code")
    rank_col = find_column(headers, r"Index of Multiple Deprivation \(IMD\) Rank.*", "imd_rank")
    decile_col = find_column(
        headers, r"Index of Multiple Deprivation \(IMD\) Decile.*", "imd_decile"
    )
    rows = []
    first_line: dict[str, int] = {}
    for line_no, row in _rows(reader):
        _once(first_line, row[code_col].strip(), line_no=line_no, noun="area")
        decile = _int(row[decile_col], line_no=line_no, column=decile_col)
        rows.append(
            DeprivationRow(
                area_code=row[code_col].strip(),
                index="imd2019",
                rank=_int(row[rank_col], line_no=line_no, column=rank_col),
                decile=decile,
                quintile=(decile + 1) // 2,
            )
        )
    _check_direction(rows, "IMD 2019")
    return rows


def read_simd2020(lines: Iterable[str]) -> list[DeprivationRow]:
    reader, headers = _reader(lines)
    code_col = find_column(headers, "Data_Zone", "DZ", "datazone2011")
    rank_col = find_column(headers, r"SIMD2020(v2)?_Rank", "simd_rank")
    decile_col = find_column(headers, r"SIMD_?2020(v2)?_Decile", "simd_decile")
    try:
        quintile_col: str | None = find_column(headers, r"SIMD_?2020(v2)?_Quintile")
    except LookupFileError:
        quintile_col = None
    rows = []
    first_line: dict[str, int] = {}
    for line_no, row in _rows(reader):
        _once(first_line, row[code_col].strip(), line_no=line_no, noun="area")
        decile = _int(row[decile_col], line_no=line_no, column=decile_col)
        quintile = (
            _int(row[quintile_col], line_no=line_no, column=quintile_col)
            if quintile_col
            else (decile + 1) // 2
        )
        rows.append(
            DeprivationRow(
                area_code=row[code_col].strip(),
                index="simd2020",
                rank=_int(row[rank_col], line_no=line_no, column=rank_col),
                decile=decile,
                quintile=quintile,
            )
        )
    _check_direction(rows, "SIMD 2020")
    return rows
