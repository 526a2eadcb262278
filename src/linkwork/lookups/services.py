"""Loading the national lookups. A file loads completely or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from linkwork.core.bulk_upsert import DuplicateKeyError, staged_upsert
from linkwork.core.errors import DomainError
from linkwork.lookups.models import AreaDeprivation, PostcodeLookup, PracticeDeprivation
from linkwork.lookups.parsing import (
    DeprivationRow,
    LookupFileError,
    read_imd2019,
    read_simd2020,
)
from linkwork.lookups.postcode_reading import read_postcode_frames
from linkwork.lookups.practice_populations import AREA_COUNTRY, read_practice_populations

KINDS = ("onspd", "imd2019", "simd2020", "practice-populations")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_FILES = {
    "onspd": FIXTURES / "onspd_sample.csv",
    "imd2019": FIXTURES / "imd2019_sample.csv",
    "simd2020": FIXTURES / "simd2020_sample.csv",
}
# Synthetic practice populations in the two national shapes, for tests and trying the loader.
PRACTICE_POPULATION_SAMPLES = {
    "england": FIXTURES / "practice_populations_england_sample.csv",
    "scotland": FIXTURES / "practice_populations_scotland_sample.csv",
}
# Small areas in each nation's index (instruments.md: 32,844 LSOAs 2011; 6,976 data zones),
# for the 15% most deprived cut-off the Deep End uses.
NATIONAL_AREAS = {"imd2019": 32_844, "simd2020": 6_976}
INDEX_OF_COUNTRY = {"england": "imd2019", "scotland": "simd2020"}
DEEP_END_FRACTION = 0.15


@dataclass(frozen=True, slots=True)
class LoadResult:
    kind: str
    created: int
    updated: int
    unchanged: int = 0


def _save_postcodes(path: Path, release: str) -> LoadResult:
    import polars as pl

    frames = (
        frame.with_columns(pl.lit(release).alias("release")) for frame in read_postcode_frames(path)
    )
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
            frames=frames,
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
    if kind == "practice-populations":
        return _load_practice_populations(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            if kind == "onspd":
                return _save_postcodes(path, release or path.name)
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


def _load_practice_populations(path: Path) -> LoadResult:
    try:
        parsed = read_practice_populations(path)
    except LookupFileError as exc:
        raise DomainError(f"{path.name}: {exc}", code="lookup_file_invalid") from exc
    ranks = {
        code: (index, rank, decile, quintile)
        for code, index, rank, decile, quintile in AreaDeprivation.objects.values_list(
            "area_code", "index", "rank", "decile", "quintile"
        )
    }
    totals: dict[str, dict[str, int]] = {}
    by_country: dict[str, dict[str, int]] = {}
    for row in parsed.rows:
        country = AREA_COUNTRY[row.area_code[:3]]
        by_country.setdefault(row.practice_code, {}).setdefault(country, 0)
        by_country[row.practice_code][country] += row.patients
    # A practice belongs to the nation most of its patients live in; a border practice's few
    # patients over the border have no rank in its nation's index.
    country_of = {
        code: max(sorted(counts), key=lambda c: counts[c]) for code, counts in by_country.items()
    }
    for row in parsed.rows:
        index = INDEX_OF_COUNTRY[country_of[row.practice_code]]
        tally = totals.setdefault(
            row.practice_code, {"patients": 0, "area": 0, "15": 0, "d1": 0, "q1": 0}
        )
        tally["patients"] += row.patients
        found = ranks.get(row.area_code)
        if found is None or found[0] != index:
            continue
        _, rank, decile, quintile = found
        tally["area"] += row.patients
        if rank <= int(DEEP_END_FRACTION * NATIONAL_AREAS[index]):
            tally["15"] += row.patients
        tally["d1"] += row.patients if decile == 1 else 0
        tally["q1"] += row.patients if quintile == 1 else 0
    existing = {
        p.practice_code: p
        for p in PracticeDeprivation.objects.filter(practice_code__in=list(totals))
    }
    fields = [
        "country",
        "index",
        "extract_date",
        "patients",
        "patients_with_area",
        "patients_most_deprived_15",
        "patients_decile_1",
        "patients_quintile_1",
    ]
    new: list[PracticeDeprivation] = []
    changed: list[PracticeDeprivation] = []
    unchanged = 0
    for code, tally in totals.items():
        country = country_of[code]
        held = existing.get(code)
        record = held or PracticeDeprivation(practice_code=code)
        before = [getattr(record, name) for name in fields] if held else None
        record.country, record.index = country, INDEX_OF_COUNTRY[country]
        record.extract_date = parsed.extract_date
        record.patients, record.patients_with_area = tally["patients"], tally["area"]
        record.patients_most_deprived_15 = tally["15"]
        record.patients_decile_1, record.patients_quintile_1 = tally["d1"], tally["q1"]
        if held is None:
            new.append(record)
        elif before != [getattr(record, name) for name in fields]:
            changed.append(record)
        else:
            unchanged += 1
    PracticeDeprivation.objects.bulk_create(new, batch_size=5000)
    PracticeDeprivation.objects.bulk_update(changed, fields, batch_size=5000)
    for country in {record.country for record in [*new, *changed]}:
        _rank_practices(country)
    return LoadResult("practice-populations", len(new), len(changed), unchanged)


def _rank_practices(country: str) -> None:
    """Rank a nation's practices by their Deep End share, highest first, into quintiles and
    deciles (1 = the most deprived practices). Practices with no patient in a ranked area
    take no quintile rather than a guessed one."""
    practices = list(PracticeDeprivation.objects.filter(country=country))
    ranked = sorted(
        (p for p in practices if p.deep_end_share is not None),
        key=lambda p: (-(p.deep_end_share or 0), p.practice_code),
    )
    for position, practice in enumerate(ranked):
        practice.practice_quintile = position * 5 // len(ranked) + 1
        practice.practice_decile = position * 10 // len(ranked) + 1
    for practice in practices:
        if practice.deep_end_share is None:
            practice.practice_quintile = practice.practice_decile = None
    PracticeDeprivation.objects.bulk_update(
        practices, ["practice_quintile", "practice_decile"], batch_size=5000
    )
