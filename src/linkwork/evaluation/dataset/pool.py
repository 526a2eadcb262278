"""Pooling Common Social Prescribing Dataset packages from many sources into one.

Sources are other linkwork installations' exports and harmonised imports of other systems'
records. Pooling checks each package's version and that it is pseudonymised, puts together
practices that carry the same official code (ODS code in England, practice code in Scotland),
keeps the rows every source agrees on once, and refuses rows that two sources hold with
different content, naming each. Every row keeps its provenance: the sources that held it.

People are the same person across sources in two ways only. Within one installation, exports
made with one key (`--key-file`) name a person by the same keyed hash. Across installations
and harmonised imports, people carry a linkage id (a keyed hash of their NHS or CHI number
under a linkage key the sources share) and the pool keeps it only for sources whose packages
say they were made with one linkage key (the same key fingerprint): a source made without a
linkage key, or with a key no other source shares, has its linkage ids cleared and its people
linked to no one, which the pool's report says. Pure Python and polars; no Django.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from linkwork.core.csv_safety import write_frame_csv
from linkwork.evaluation.dataset.package import (
    PackageError,
    read_package,
    read_set_aside,
    write_package,
)
from linkwork.evaluation.dataset.spec import DATASET_VERSION, TABLES, TableSpec

# The provenance column: the sources that held a row ("source" is a referral field).
SOURCE = "held_by"
# How many conflicts a refusal lists before it counts the rest.
SHOWN_CONFLICTS = 20
# A linkage key's fingerprint as packages record it (pseudonymise.linkage_fingerprint).
FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
LINKAGE = "linkage_id"
# Columns naming a practice, whose ids change when practices with one code are put together.
PRACTICE_COLUMNS = {
    "practices": "practice_id",
    "scheme_practices": "practice_id",
    "referrals": "practice_id",
    "encounters": "practice_id",
    "implementation": "practice_id",
    "practice_resources": "practice_id",
}


class PoolError(ValueError):
    """Packages that cannot be pooled; the message names each package and problem."""


def _version(value: object) -> tuple[int, int, int] | None:
    parts = str(value).split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


@dataclass(slots=True)
class Source:
    """One package to pool, read and checked."""

    label: str
    path: Path
    version: str
    created: str
    tables: dict[str, pl.DataFrame]
    set_aside: dict[str, int]
    # The fingerprint of the linkage key the package's linkage ids were made with, if any.
    linkage_fingerprint: str | None = None


def _fingerprint(meta: dict[str, Any]) -> str | None:
    linkage = meta.get("linkage")
    value = linkage.get("key_fingerprint") if isinstance(linkage, dict) else None
    return value if isinstance(value, str) and FINGERPRINT.match(value) else None


def source_read(path: Path, *, label: str) -> Source:
    """Read one package, refusing one this version cannot pool, with the reason."""
    descriptor_path = path / "datapackage.json"
    if not descriptor_path.is_file():
        raise PoolError(f"{label}: {path} is not a data package (no datapackage.json).")
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PoolError(f"{label}: datapackage.json is not readable JSON ({exc}).") from exc
    if not isinstance(descriptor, dict):
        raise PoolError(f"{label}: datapackage.json does not describe a package.")
    version = _version(descriptor.get("version"))
    ours = _version(DATASET_VERSION)
    assert ours is not None
    if version is None:
        raise PoolError(
            f"{label}: {descriptor.get('version')!r} is not a dataset version (major.minor.patch)."
        )
    if version > ours:
        raise PoolError(
            f"{label}: written with dataset version {descriptor['version']}, newer than "
            f"{DATASET_VERSION}, the newest this linkwork reads. Pool it with a newer linkwork."
        )
    if version[0] != ours[0]:
        raise PoolError(
            f"{label}: dataset version {descriptor['version']} is from an earlier major "
            f"version than {DATASET_VERSION}; export it again with a current linkwork."
        )
    meta = descriptor.get("x-linkwork")
    if not isinstance(meta, dict) or meta.get("pseudonymised") is not True:
        raise PoolError(
            f"{label}: the package is not marked pseudonymised. Only pseudonymised "
            "packages are pooled: export it again without --identifiable."
        )
    try:
        tables = read_package(path)
    except (PackageError, OSError) as exc:
        raise PoolError(f"{label}: {exc}") from exc
    return Source(
        label=label,
        path=path,
        version=str(descriptor["version"]),
        created=str(descriptor.get("created", "")),
        tables=tables,
        set_aside=read_set_aside(path),
        linkage_fingerprint=_fingerprint(meta),
    )


@dataclass(slots=True)
class Pooled:
    tables: dict[str, pl.DataFrame]
    # Per table: the primary key of each row and the sources that held it (space-separated).
    provenance: dict[str, pl.DataFrame]
    repeated: dict[str, int] = field(default_factory=dict)  # rows more than one source held
    practices_joined: list[str] = field(default_factory=list)
    set_aside: dict[str, int] = field(default_factory=dict)
    linkage: Linkage = field(default_factory=lambda: Linkage([], []))


@dataclass(slots=True)
class Linkage:
    """Which sources' people were linked by linkage id, and which were not and why."""

    # One per linkage key two or more sources share: its fingerprint, the sources, and how
    # many linkage ids name more than one person of the pooled people table.
    groups: list[dict[str, Any]]
    not_linked: list[dict[str, str]]

    def lines(self) -> list[str]:
        lines = [
            f"people linked across {', '.join(group['sources'])} (one linkage key, fingerprint "
            f"{group['key_fingerprint']}): {group['people_linked']}"
            for group in self.groups
        ]
        lines += [f"{entry['source']}: not linked, {entry['reason']}" for entry in self.not_linked]
        return lines


def _linkage(sources: Sequence[Source]) -> tuple[list[Source], Linkage]:
    """The sources with the linkage ids of those that cannot be linked cleared, and why."""
    shared = Counter(s.linkage_fingerprint for s in sources if s.linkage_fingerprint)
    groups: dict[str, list[str]] = {}
    not_linked: list[dict[str, str]] = []
    kept: list[Source] = []
    for source in sources:
        fingerprint = source.linkage_fingerprint
        if fingerprint and shared[fingerprint] > 1:
            groups.setdefault(fingerprint, []).append(source.label)
            kept.append(source)
            continue
        if fingerprint:
            reason = (
                f"its linkage key (fingerprint {fingerprint}) is shared by no other package; "
                "its people count as different people from everyone else's"
            )
        else:
            reason = (
                "it was made without a linkage key; its people count as different people "
                "from everyone else's"
            )
        not_linked.append({"source": source.label, "reason": reason})
        people = source.tables["people"]
        if LINKAGE in people.columns:
            cleared = people.with_columns(pl.lit(None, dtype=pl.Utf8).alias(LINKAGE))
            source = replace(source, tables={**source.tables, "people": cleared})
        kept.append(source)
    return kept, Linkage(
        [
            {"key_fingerprint": fingerprint, "sources": labels, "people_linked": 0}
            for fingerprint, labels in groups.items()
        ],
        not_linked,
    )


def _people_linked(people: pl.DataFrame, sources: Sequence[Source], labels: list[str]) -> int:
    """Linkage ids of the group's sources that name more than one person."""
    ids = {
        value
        for source in sources
        if source.label in labels and LINKAGE in source.tables["people"].columns
        for value in source.tables["people"][LINKAGE].drop_nulls()
    }
    if not ids or LINKAGE not in people.columns:
        return 0
    named = (
        people.filter(pl.col(LINKAGE).is_in(list(ids)))
        .group_by(LINKAGE)
        .agg(pl.col("person").n_unique().alias("people"))
    )
    return int((named["people"] > 1).sum())


def _normal_name(value: object) -> str:
    return " ".join(str(value or "").casefold().split())


def _practice_ids(sources: Sequence[Source]) -> tuple[dict[str, str], list[str], list[str]]:
    """Old practice id -> the id its code is pooled under, what was joined, and conflicts."""
    seen: dict[str, tuple[str, str, str]] = {}  # code -> (id, name, source)
    renamed: dict[str, str] = {}
    joined: list[str] = []
    conflicts: list[str] = []
    for source in sources:
        rows = source.tables["practices"].select("practice_id", "practice_code", "practice_name")
        for practice_id, code, name in rows.iter_rows():
            key = str(code or "").strip().upper()
            if not key:
                continue
            if key not in seen:
                seen[key] = (practice_id, name, source.label)
                continue
            first_id, first_name, first_source = seen[key]
            if _normal_name(name) != _normal_name(first_name):
                conflicts.append(
                    f"practices: code {key} is {first_name!r} in {first_source} but "
                    f"{name!r} in {source.label}; correct the code or the name in one source."
                )
            elif practice_id != first_id:
                renamed[practice_id] = first_id
                joined.append(f"{key} ({first_source} and {source.label})")
    return renamed, joined, conflicts


def _columns(spec: TableSpec) -> list[str]:
    return spec.field_names(identifiable=False)


def _table(
    spec: TableSpec, sources: Sequence[Source], renamed: dict[str, str]
) -> tuple[pl.DataFrame, pl.DataFrame, int, list[str]]:
    columns = _columns(spec)
    frames = []
    for source in sources:
        frame = source.tables[spec.name]
        present = [name for name in columns if name in frame.columns]
        frame = frame.select(present).with_columns(pl.lit(source.label).alias(SOURCE))
        column = PRACTICE_COLUMNS.get(spec.name)
        if column and renamed and column in frame.columns:
            frame = frame.with_columns(pl.col(column).replace(renamed))
        frames.append(frame)
    stacked = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
    for name in columns:
        if name not in stacked.columns:
            stacked = stacked.with_columns(pl.lit(None).alias(name))
    key = list(spec.primary_key)
    # One row per distinct content, remembering every source that held it.
    distinct = stacked.group_by(columns, maintain_order=True).agg(
        pl.col(SOURCE).unique(maintain_order=True).str.join(" ")
    )
    repeated = int(distinct[SOURCE].str.contains(" ").sum()) if distinct.height else 0
    if spec.name == "practices":
        # Practices put together by code keep the first source's details (list sizes and
        # areas are read at different times); their names were checked to agree.
        distinct = distinct.unique(subset=key, keep="first", maintain_order=True)
    clashes = distinct.filter(pl.struct(key).is_duplicated())
    conflicts = []
    for _, group in clashes.group_by(key, maintain_order=True):
        row = group.row(0, named=True)
        held = sorted({label for labels in group[SOURCE] for label in labels.split(" ")})
        conflicts.append(
            f"{spec.name}: {', '.join(f'{k} {row[k]}' for k in key)} differs between "
            f"{' and '.join(held)}"
        )
    table = distinct.select(columns)
    provenance = distinct.select([*key, SOURCE])
    return table, provenance, repeated, conflicts


def pool(sources: Sequence[Source]) -> Pooled:
    """Pool the sources, or raise PoolError listing every conflict found."""
    labels = Counter(source.label for source in sources)
    twice = sorted(label for label, count in labels.items() if count > 1)
    if twice:
        raise PoolError(f"Each package must be named once; given twice: {', '.join(twice)}.")
    sources, linkage = _linkage(sources)
    renamed, joined, conflicts = _practice_ids(sources)
    tables: dict[str, pl.DataFrame] = {}
    provenance: dict[str, pl.DataFrame] = {}
    repeated: dict[str, int] = {}
    for spec in TABLES:
        table, origin, count, clashes = _table(spec, sources, renamed)
        tables[spec.name], provenance[spec.name], repeated[spec.name] = table, origin, count
        conflicts += clashes
    if conflicts:
        shown = conflicts[:SHOWN_CONFLICTS]
        more = len(conflicts) - len(shown)
        lines = [f"Nothing was written: {len(conflicts)} conflict(s) between the packages."]
        lines += [f"  {line}" for line in shown]
        if more:
            lines.append(f"  ... and {more} more.")
        lines.append(
            "Rows with one id and different content usually mean two exports of one "
            "installation made with different keys (export both with one --key-file), or "
            "two sources claiming the same scheme; pool only one version of each."
        )
        raise PoolError("\n".join(lines))
    set_aside: Counter[str] = Counter()
    for source in sources:
        set_aside.update(source.set_aside)
    for group in linkage.groups:
        group["people_linked"] = _people_linked(tables["people"], sources, group["sources"])
    return Pooled(
        tables=tables,
        provenance=provenance,
        repeated=repeated,
        practices_joined=joined,
        set_aside=dict(set_aside),
        linkage=linkage,
    )


def quality_by_source(sources: Sequence[Source]) -> pl.DataFrame:
    """How completely each source records each field of each table, by scheme where the
    table names one: the fields a system or scheme records, measured, not surveyed."""
    rows: list[dict[str, Any]] = []
    for source in sources:
        for spec in TABLES:
            frame = source.tables[spec.name]
            if frame.height == 0:
                continue
            groups = (
                frame.group_by("scheme_id", maintain_order=True)
                if "scheme_id" in frame.columns
                else [((None,), frame)]
            )
            for (scheme_id, *_), group in groups:
                for name in _columns(spec):
                    filled = 0
                    if name in group.columns:
                        column = group[name]
                        filled = column.len() - column.null_count()
                        if column.dtype == pl.Utf8:
                            filled -= int((column == "").sum())
                    rows.append(
                        {
                            "source": source.label,
                            "scheme_id": scheme_id,
                            "table": spec.name,
                            "field": name,
                            "rows": group.height,
                            "recorded": filled,
                            "share_recorded": round(filled / group.height, 4),
                        }
                    )
    schema = {
        "source": pl.Utf8,
        "scheme_id": pl.Utf8,
        "table": pl.Utf8,
        "field": pl.Utf8,
        "rows": pl.Int64,
        "recorded": pl.Int64,
        "share_recorded": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)


POOLED_DICTIONARY = """
## Pooled package

This package was pooled by `linkwork pool` from the sources listed in `datapackage.json`
(`x-linkwork.pooled_from`).

- `provenance/TABLE.csv` gives, for every row of every table, the sources that held it (`held_by`,
  space-separated). A row two sources held with the same content appears once.
- Practices with the same official code (ODS code in England, practice code in Scotland) are
  one practice, under the id the first source gave it, with that source's details.
- People are one person across sources only where the same keyed hash names them, which
  happens only when the sources were exported from one installation with one shared key
  (`--key-file`), or where they carry the same `linkage_id`. A linkage id links the same
  person across sources only where the sources were pseudonymised with a shared linkage key:
  the pool keeps linkage ids only for sources whose packages name the same linkage key
  fingerprint (`x-linkwork.linkage` in `datapackage.json` lists them), and clears them for a
  source made without a linkage key or with a key no other source shares. Otherwise people in
  different installations are never linked: the same person there counts as different
  people. To count people across sources, count distinct `linkage_id` where it is given and
  distinct `person` where it is not.
- `quality-by-source.csv` shows, for each source, scheme, table and field, how many rows
  record a value.
"""


def pooled_write(
    pooled: Pooled, sources: Sequence[Source], out_dir: Path, *, parquet: bool
) -> Path:
    meta = {
        "pseudonymised": True,
        "pooled_from": [
            {
                "source": source.label,
                "version": source.version,
                "created": source.created,
                "rows": {name: frame.height for name, frame in source.tables.items()},
            }
            for source in sources
        ],
        "keyed_hash": "HMAC-SHA256 per source; linked across sources only under a shared key",
        "linkage": {
            "groups": pooled.linkage.groups,
            "not_linked": pooled.linkage.not_linked,
        },
    }
    if pooled.set_aside:
        meta["set_aside"] = pooled.set_aside
    path = write_package(pooled.tables, out_dir, identifiable=False, parquet=parquet, meta=meta)
    (out_dir / "provenance").mkdir(exist_ok=True)
    for name, frame in pooled.provenance.items():
        write_frame_csv(frame, out_dir / "provenance" / f"{name}.csv")
    write_frame_csv(quality_by_source(sources), out_dir / "quality-by-source.csv")
    dictionary = out_dir / "data-dictionary.md"
    dictionary.write_text(dictionary.read_text(encoding="utf-8") + POOLED_DICTIONARY)
    return path
