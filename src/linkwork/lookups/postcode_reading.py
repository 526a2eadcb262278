"""Reading a postcode directory (ONSPD or NSPL) in bulk with polars, in batches, so a national
file (1.7 million rows) is parsed and checked column-wise in constant memory. Pure Python: a
file in, frames of canonical rows out.

Every check of the row-by-row reader holds here too, and a refusal names the same line and
column: the first problem in the file wins, whichever check finds it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from linkwork.identifiers import IdentifierError, normalise_postcode
from linkwork.identifiers.postcode import POSTCODE_PATTERN
from linkwork.lookups.limits import MAX_CELL_CHARS
from linkwork.lookups.parsing import (
    COUNTRY_CODES,
    LookupFileError,
    PostcodeRow,
    find_column,
    locate_unreadable_row,
)

if TYPE_CHECKING:
    import polars as pl

# Rows per batch: a few tens of MB of strings, whatever the file's size.
BATCH_ROWS = 200_000
COLUMNS = ("line_no", "postcode", "country", "small_area_code", "latitude", "longitude")
# ONSPD marks unknown coordinates with latitude 99.999999.
_MAX_LATITUDE = 90


def read_postcodes(lines: Iterable[str]) -> Iterator[PostcodeRow]:
    """Row by row, for small files and tests: the same reading as the loader's."""
    source = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    for frame in read_postcode_frames(source.encode("utf-8")):
        for values in frame.iter_rows():
            line_no, postcode, country, area, lat, lon = values
            yield PostcodeRow(postcode, country, area, lat, lon, line_no)


def read_postcode_frames(
    source: Path | bytes, *, batch_rows: int = BATCH_ROWS
) -> Iterator[pl.DataFrame]:
    """Frames with the columns in ``COLUMNS``; ``line_no`` is the row's line in the file
    (the header is line 1). Rows with no small area (terminated or non-geographic postcodes)
    are left out."""
    import polars as pl
    from polars.exceptions import ComputeError

    raw = pl.scan_csv(
        io.BytesIO(source) if isinstance(source, bytes) else source,
        infer_schema=False,
    )
    try:
        headers = list(raw.collect_schema().names())
    except (ComputeError, pl.exceptions.NoDataError) as exc:
        raise LookupFileError("The file is empty or has no header row.") from exc
    if not headers:
        raise LookupFileError("The file is empty or has no header row.")
    pc = find_column(headers, "pcds", "pcd2", "pcd", "postcode")
    country = find_column(headers, "ctry", "country")
    area = find_column(headers, "lsoa11", "lsoa11cd", "small_area", "datazone", "lsoa21")
    lat = find_column(headers, "lat", "latitude")
    lon = find_column(headers, "long", "longitude", "lon")
    # An empty cell is text with nothing in it, as the csv module reads it.
    numbered = raw.with_columns(pl.all().fill_null("")).with_row_index("line_no", offset=2)
    try:
        for batch in numbered.collect_batches(chunk_size=batch_rows):
            yield _canonical(batch, headers, pc=pc, country=country, area=area, lat=lat, lon=lon)
    except ComputeError as exc:
        if "utf-8" in str(exc).lower():
            raise LookupFileError("The file is not UTF-8 text; save it as CSV UTF-8.") from exc
        # Polars says what is wrong but not where; the csv module finds the line.
        text = (
            source.decode("utf-8-sig", errors="replace")
            if isinstance(source, bytes)
            else source.read_text(encoding="utf-8-sig", errors="replace")
        )
        locate_unreadable_row(text.splitlines(keepends=True))
        raise LookupFileError(f"The file is not readable as CSV ({exc}).") from exc


def _canonical(
    batch: pl.DataFrame, headers: list[str], *, pc: str, country: str, area: str, lat: str, lon: str
) -> pl.DataFrame:
    import polars as pl

    problems: list[tuple[int, str]] = []
    for column in headers:
        too_long = batch.filter(pl.col(column).str.len_chars() > MAX_CELL_CHARS)
        if too_long.height:
            first = too_long.row(0, named=True)
            problems.append(
                (
                    first["line_no"],
                    f"Line {first['line_no']}, column {column}: {len(first[column])} "
                    f"characters; no lookup value is longer than {MAX_CELL_CHARS}.",
                )
            )
    compact = pl.col(pc).str.replace_all(r"\s+", "").str.to_uppercase()
    frame = batch.with_columns(
        compact.alias("_compact"),
        pl.col(area).str.strip_chars().alias("_area"),
        *(_number(column, alias) for column, alias in ((lat, "_lat"), (lon, "_lon"))),
    )
    bad_postcode = frame.filter(~pl.col("_compact").str.contains(f"^(?:{POSTCODE_PATTERN})$"))
    if bad_postcode.height:
        first = bad_postcode.row(0, named=True)
        try:
            normalise_postcode(first[pc])
        except IdentifierError as exc:
            problems.append((first["line_no"], f"Line {first['line_no']}: {exc}"))
    frame = frame.filter(pl.col("_area") != "")
    for column, alias in ((lat, "_lat"), (lon, "_lon")):
        given = pl.col(column).str.strip_chars() != ""
        unusable = given & (pl.col(alias).is_null() | ~pl.col(alias).is_finite())
        bad = frame.filter(unusable)
        if bad.height:
            first = bad.row(0, named=True)
            shown = first[column][:40] if first[alias] is None else first[column]
            problems.append(
                (
                    first["line_no"],
                    f"Line {first['line_no']}, column {column}: {shown!r} is not a number.",
                )
            )
    if problems:
        raise LookupFileError(min(problems)[1])
    unknown = pl.col("_lat").abs() > _MAX_LATITUDE
    stripped = pl.col(country).str.strip_chars()
    return frame.select(
        pl.col("line_no").cast(pl.Int64),
        (
            pl.col("_compact").str.slice(0, pl.col("_compact").str.len_chars() - 3)
            + " "
            + pl.col("_compact").str.slice(-3)
        ).alias("postcode"),
        stripped.replace_strict(COUNTRY_CODES, default=stripped.str.to_lowercase()).alias(
            "country"
        ),
        pl.col("_area").alias("small_area_code"),
        pl.when(unknown).then(None).otherwise(pl.col("_lat")).alias("latitude"),
        pl.when(unknown).then(None).otherwise(pl.col("_lon")).alias("longitude"),
    )


def _number(column: str, alias: str) -> pl.Expr:
    import polars as pl

    text = pl.col(column).str.strip_chars()
    return (
        pl.when(text == "").then(None).otherwise(text).cast(pl.Float64, strict=False).alias(alias)
    )
