"""Loading the national lookups. A file loads completely or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

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


def _save_postcodes(rows: Iterable[PostcodeRow], release: str) -> LoadResult:
    incoming = {row.postcode: row for row in rows}
    existing = {p.postcode: p for p in PostcodeLookup.objects.filter(postcode__in=incoming)}
    new: list[PostcodeLookup] = []
    changed: list[PostcodeLookup] = []
    for postcode, row in incoming.items():
        record = existing.get(postcode) or PostcodeLookup(postcode=postcode)
        record.country, record.small_area_code = row.country, row.small_area_code
        record.latitude, record.longitude, record.release = row.latitude, row.longitude, release
        (changed if postcode in existing else new).append(record)
    PostcodeLookup.objects.bulk_create(new, batch_size=5000)
    PostcodeLookup.objects.bulk_update(
        changed,
        ["country", "small_area_code", "latitude", "longitude", "release"],
        batch_size=5000,
    )
    return LoadResult("onspd", len(new), len(changed))


def _save_deprivation(rows: list[DeprivationRow], kind: str) -> LoadResult:
    incoming = {row.area_code: row for row in rows}
    existing = {a.area_code: a for a in AreaDeprivation.objects.filter(area_code__in=incoming)}
    new: list[AreaDeprivation] = []
    changed: list[AreaDeprivation] = []
    for code, row in incoming.items():
        record = existing.get(code) or AreaDeprivation(area_code=code)
        record.index, record.rank = row.index, row.rank
        record.decile, record.quintile = row.decile, row.quintile
        (changed if code in existing else new).append(record)
    AreaDeprivation.objects.bulk_create(new, batch_size=5000)
    AreaDeprivation.objects.bulk_update(
        changed, ["index", "rank", "decile", "quintile"], batch_size=5000
    )
    return LoadResult(kind, len(new), len(changed))


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
