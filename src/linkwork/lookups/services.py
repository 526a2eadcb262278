"""Loading the national lookups. A file loads completely or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from linkwork.core.bulk_upsert import DuplicateKeyError, staged_upsert
from linkwork.core.errors import DomainError
from linkwork.lookups.models import AreaDeprivation, PostcodeLookup
from linkwork.lookups.parsing import (
    DeprivationRow,
    LookupFileError,
    PostcodeRow,
    read_imd2019,
    read_postcodes,
    read_simd2020,
)

KINDS = ("onspd", "imd2019", "simd2020")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_FILES = {
    "onspd": FIXTURES / "onspd_sample.csv",
    "imd2019": FIXTURES / "imd2019_sample.csv",
    "simd2020": FIXTURES / "simd2020_sample.csv",
}


@dataclass(frozen=True, slots=True)
class LoadResult:
    kind: str
    created: int
    updated: int
    unchanged: int = 0


def _save_postcodes(rows: Iterable[PostcodeRow], release: str) -> LoadResult:
    try:
        counts = staged_upsert(
            model=PostcodeLookup,
            key="postcode",
            columns=[
                ("country", "text"),
                ("small_area_code", "text"),
                ("latitude", "float"),
                ("longitude", "float"),
                ("release", "text"),
            ],
            rows=(
                (r.line, r.postcode, r.country, r.small_area_code, r.latitude, r.longitude, release)
                for r in rows
            ),
        )
    except DuplicateKeyError as exc:
        first, second = exc.lines
        raise LookupFileError(
            f"Lines {first} and {second} both give the postcode {exc.key}; "
            "a lookup file lists each postcode once."
        ) from exc
    return LoadResult("onspd", counts.created, counts.updated, counts.unchanged)


def _save_deprivation(rows: list[DeprivationRow], kind: str) -> LoadResult:
    counts = staged_upsert(
        model=AreaDeprivation,
        key="area_code",
        columns=[("index", "text"), ("rank", "int"), ("decile", "int"), ("quintile", "int")],
        rows=(
            (n, r.area_code, r.index, r.rank, r.decile, r.quintile)
            for n, r in enumerate(rows, start=2)
        ),
    )
    return LoadResult(kind, counts.created, counts.updated, counts.unchanged)


@transaction.atomic
def lookup_load(*, kind: str, path: Path, release: str = "") -> LoadResult:
    if kind not in KINDS:
        raise DomainError(
            f"Unknown lookup {kind!r}; choose one of {', '.join(KINDS)}.", code="lookup_kind"
        )
    if not path.is_file():
        raise DomainError(f"No file at {path}.", code="lookup_file_missing")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            if kind == "onspd":
                return _save_postcodes(read_postcodes(handle), release or path.name)
            rows = read_imd2019(handle) if kind == "imd2019" else read_simd2020(handle)
            return _save_deprivation(rows, kind)
    except LookupFileError as exc:
        raise DomainError(f"{path.name}: {exc}", code="lookup_file_invalid") from exc
    except UnicodeDecodeError as exc:
        raise DomainError(
            f"{path.name} is not a UTF-8 CSV file.", code="lookup_file_invalid"
        ) from exc


def lookup_load_samples() -> list[LoadResult]:
    """The shipped sample lookups, for the demo world and tests."""
    return [lookup_load(kind=kind, path=path) for kind, path in SAMPLE_FILES.items()]
