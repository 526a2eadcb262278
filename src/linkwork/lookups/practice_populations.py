"""Reading a practice-population-by-small-area file: how many of each GP practice's registered
patients live in each small area. Polars reads the file (the English one has about a million
rows); columns are found by header name, never by position. No Django.

The two national formats it takes:

- England, NHS Digital "Patients Registered at a GP Practice", the LSOA file:
  `PUBLICATION, EXTRACT_DATE, PRACTICE_CODE, PRACTICE_NAME, LSOA_CODE, SEX, NUMBER_OF_PATIENTS`.
- Scotland, Public Health Scotland "GP Practice Populations" by data zone:
  `Date, PracticeCode, DataZone, Sex, AllAges` (and one column per age band, ignored).

Where a file splits patients by sex and also gives the "all" rows, only those are counted;
otherwise the rows for each sex are added up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from linkwork.lookups.parsing import LookupFileError, find_column

# Small-area code prefixes: English LSOAs (2011 and 2021) and Scottish data zones.
AREA_COUNTRY = {"E01": "england", "S01": "scotland"}


@dataclass(frozen=True, slots=True)
class PracticeArea:
    practice_code: str
    area_code: str
    patients: int


@dataclass(frozen=True, slots=True)
class PracticePopulationFile:
    extract_date: str
    rows: tuple[PracticeArea, ...]


def _optional(headers: list[str], *patterns: str) -> str | None:
    try:
        return find_column(headers, *patterns)
    except LookupFileError:
        return None


def read_practice_populations(path: Path) -> PracticePopulationFile:
    # Polars loads when a file is read, not when the lookups' services are imported by a page.
    import polars as pl

    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    except pl.exceptions.NoDataError as exc:
        raise LookupFileError("The file is empty or has no header row.") from exc
    except (pl.exceptions.ComputeError, UnicodeDecodeError) as exc:
        raise LookupFileError(f"Not readable as a UTF-8 CSV file ({exc}).") from exc
    headers = frame.columns
    practice = find_column(headers, "PRACTICE_CODE", "PracticeCode", "practice")
    area = find_column(headers, "LSOA_CODE", "LSOA11CD", "LSOA21CD", "DataZone", "DataZone2011")
    patients = find_column(headers, "NUMBER_OF_PATIENTS", "AllAges")
    sex = _optional(headers, "SEX")
    when = _optional(headers, "EXTRACT_DATE", "Date")
    if frame.height == 0:
        raise LookupFileError("The file has a header but no data rows.")

    # Line numbers as a person counts them: the header is line 1.
    frame = frame.with_row_index("line", offset=2)
    counts = frame[patients].str.strip_chars()
    bad = frame.filter(~counts.str.contains(r"^\d+$") | counts.is_null())
    if bad.height:
        first = bad.row(0, named=True)
        raise LookupFileError(
            f"Line {first['line']}, column {patients}: {str(first[patients])[:40]!r} is not a "
            "whole number of patients."
        )
    frame = frame.with_columns(
        pl.col(practice).str.strip_chars().str.to_uppercase().alias("_practice"),
        pl.col(area).str.strip_chars().str.to_uppercase().alias("_area"),
        counts.cast(pl.Int64).alias("_patients"),
        (pl.col(sex).str.strip_chars().str.to_uppercase() if sex else pl.lit("ALL")).alias("_sex"),
    )
    unknown = frame.filter(~pl.col("_area").str.slice(0, 3).is_in(list(AREA_COUNTRY)))
    if unknown.height:
        first = unknown.row(0, named=True)
        raise LookupFileError(
            f"Line {first['line']}, column {area}: {str(first[area])[:40]!r} is neither an "
            "English LSOA (E01...) nor a Scottish data zone (S01...)."
        )
    if frame["_sex"].is_in(["ALL"]).any():
        frame = frame.filter(pl.col("_sex") == "ALL")
    repeated = frame.filter(pl.struct("_practice", "_area", "_sex").is_duplicated())
    if repeated.height:
        first = repeated.row(0, named=True)
        raise LookupFileError(
            f"Line {first['line']}: practice {first['_practice']} and area {first['_area']} "
            "appear more than once; the file lists each practice and area once."
        )
    summed = (
        frame.group_by("_practice", "_area")
        .agg(pl.col("_patients").sum())
        .sort("_practice", "_area")
    )
    extract = str(frame[when][0]).strip() if when else ""
    return PracticePopulationFile(
        extract_date=extract,
        rows=tuple(
            PracticeArea(code, area_code, int(count))
            for code, area_code, count in summed.iter_rows()
        ),
    )
