"""Writing the common dataset as a Frictionless Data Package: CSV files, an optional Parquet
copy, `datapackage.json` with a Table Schema for every table, and a data dictionary."""

from __future__ import annotations

import json
import shutil
from collections.abc import Collection, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from linkwork.core.csv_safety import FORMULA_PREFIX_PATTERN, write_frame_csv
from linkwork.evaluation.analysis.plausibility import WORDING
from linkwork.evaluation.dataset.limits import MAX_CELL_CHARS, MAX_DESCRIPTOR_BYTES, MAX_TABLE_BYTES
from linkwork.evaluation.dataset.spec import (
    DATASET_NAME,
    DATASET_VERSION,
    TABLES,
    FieldSpec,
    TableSpec,
)


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {"name": spec.name, "type": spec.type, "description": spec.description}
    constraints: dict[str, Any] = {}
    if spec.required:
        constraints["required"] = True
    if spec.enum:
        constraints["enum"] = list(spec.enum)
    if constraints:
        schema["constraints"] = constraints
    if spec.type == "boolean":
        schema["trueValues"], schema["falseValues"] = ["true"], ["false"]
    return schema


def table_schema(spec: TableSpec, *, identifiable: bool) -> dict[str, Any]:
    names = set(spec.field_names(identifiable=identifiable))
    schema: dict[str, Any] = {
        "fields": [_field_schema(f) for f in spec.fields if f.name in names],
        "primaryKey": list(spec.primary_key),
        "missingValues": [""],
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [local], "reference": {"resource": table, "fields": [remote]}}
            for local, table, remote in spec.foreign_keys
        ]
    return schema


def data_dictionary(*, identifiable: bool) -> str:
    lines = [f"# Common Social Prescribing Dataset, version {DATASET_VERSION}", ""]
    lines.append("One row per observation, one column per variable. Empty cells are missing.")
    lines.append("")
    for spec in TABLES:
        lines += [
            f"## {spec.name}: {spec.title}",
            "",
            spec.description,
            "",
            "| field | type | meaning |",
            "|---|---|---|",
        ]
        for f in spec.fields:
            if identifiable or not f.identifiable:
                lines.append(f"| {f.name} | {f.type} | {f.description} |")
        lines.append("")
    return "\n".join(lines)


def _resource(spec: TableSpec, *, identifiable: bool, parquet: bool) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": spec.name,
        "title": spec.title,
        "description": spec.description,
        "path": f"data/{spec.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(spec, identifiable=identifiable),
    }
    if parquet:
        resource["x-parquet-path"] = f"parquet/{spec.name}.parquet"
    return resource


class PackageWriter:
    """A package written in numbered pieces of each table, so a package larger than memory can
    be written and a piece written again (a part of an export checked again) replaces the
    earlier one. `finish` joins each table's pieces in number order: the CSV files byte for
    byte under one header, the Parquet copies (with `parquet`) streamed into one file. Every
    table must be given at least one piece (an empty frame gives its header)."""

    def __init__(self, out_dir: Path, *, identifiable: bool, parquet: bool) -> None:
        self.out_dir = out_dir
        self.identifiable = identifiable
        self.parquet = parquet
        self._rows: dict[str, dict[int, int]] = {}
        self._pieces = out_dir / ".pieces"
        self._pieces.mkdir(parents=True, exist_ok=True)

    def put(self, name: str, number: int, frame: pl.DataFrame) -> None:
        """Piece `number` of table `name`, replacing any piece of that number."""
        folder = self._pieces / name
        folder.mkdir(exist_ok=True)
        write_frame_csv(frame, folder / f"{number:06d}.csv", date_format="%Y-%m-%d")
        if self.parquet:
            frame.write_parquet(folder / f"{number:06d}.parquet")
        self._rows.setdefault(name, {})[number] = frame.height

    @property
    def rows(self) -> dict[str, int]:
        return {name: sum(pieces.values()) for name, pieces in self._rows.items()}

    def _join(self, name: str) -> None:
        pieces = [self._pieces / name / f"{number:06d}" for number in sorted(self._rows[name])]
        csv_file = self.out_dir / "data" / f"{name}.csv"
        parquet_file = self.out_dir / "parquet" / f"{name}.parquet"
        if len(pieces) == 1:  # a table written whole: its one piece is the file
            pieces[0].with_suffix(".csv").rename(csv_file)
            if self.parquet:
                pieces[0].with_suffix(".parquet").rename(parquet_file)
            return
        with csv_file.open("wb") as out:
            for position, piece in enumerate(pieces):
                with piece.with_suffix(".csv").open("rb") as part:
                    header = part.readline()
                    if position == 0:
                        out.write(header)
                    shutil.copyfileobj(part, out)
        if self.parquet:
            pl.scan_parquet([piece.with_suffix(".parquet") for piece in pieces]).sink_parquet(
                parquet_file
            )

    def finish(self, meta: Mapping[str, Any]) -> Path:
        missing = [spec.name for spec in TABLES if spec.name not in self._rows]
        if missing:
            raise ValueError(f"no piece was given for {', '.join(missing)}")
        (self.out_dir / "data").mkdir(exist_ok=True)
        if self.parquet:
            (self.out_dir / "parquet").mkdir(exist_ok=True)
        for spec in TABLES:
            self._join(spec.name)
        shutil.rmtree(self._pieces)
        descriptor = {
            "name": DATASET_NAME,
            "title": "Common Social Prescribing Dataset",
            "version": DATASET_VERSION,
            "profile": "tabular-data-package",
            "created": datetime.now().astimezone().isoformat(timespec="seconds"),
            "description": (
                "Link work referrals, encounters, connections, outcome scores and "
                "implementation indicators, recorded the same way in every scheme. See "
                "data-dictionary.md."
            ),
            "x-linkwork": dict(meta),
            "resources": [
                _resource(spec, identifiable=self.identifiable, parquet=self.parquet)
                for spec in TABLES
            ],
        }
        (self.out_dir / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
        (self.out_dir / "data-dictionary.md").write_text(
            data_dictionary(identifiable=self.identifiable)
        )
        return self.out_dir / "datapackage.json"


def write_package(
    tables: Mapping[str, pl.DataFrame],
    out_dir: Path,
    *,
    identifiable: bool,
    parquet: bool,
    meta: Mapping[str, Any],
) -> Path:
    writer = PackageWriter(out_dir, identifiable=identifiable, parquet=parquet)
    for spec in TABLES:
        writer.put(spec.name, 0, tables[spec.name])
    return writer.finish(meta)


class PackageError(ValueError):
    """A data package that cannot be read; the message names the file, line and field."""


_TYPES = {
    "string": pl.Utf8,
    "integer": pl.Int64,
    "number": pl.Float64,
    "date": pl.Date,
    "boolean": pl.Boolean,
}


def _descriptor(directory: Path) -> dict[str, Any]:
    path = directory / "datapackage.json"
    if path.stat().st_size > MAX_DESCRIPTOR_BYTES:
        raise PackageError(f"datapackage.json is larger than {MAX_DESCRIPTOR_BYTES:,} bytes.")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PackageError(f"datapackage.json is not readable JSON ({exc}).") from exc
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError("datapackage.json has no list of resources.")
    return descriptor


def _resource_file(directory: Path, resource: dict[str, Any], expected: TableSpec) -> Path:
    """The table's CSV file, which must be the one the export writes: a descriptor cannot
    point the reader at files elsewhere on the machine."""
    path = resource.get("path")
    if path != f"data/{expected.name}.csv":
        raise PackageError(f"{expected.name}: path must be data/{expected.name}.csv, not {path!r}.")
    file = directory / path
    if not file.is_file():
        raise PackageError(f"{expected.name}: {path} is missing.")
    if file.stat().st_size > MAX_TABLE_BYTES:
        raise PackageError(f"{path} is larger than {MAX_TABLE_BYTES:,} bytes.")
    return file


# What to do about a Parquet copy that cannot be read: the CSV tables are the package.
_AGAIN = "Export the package again, or remove its parquet folder to read the CSV tables."


def _parquet_copy(directory: Path, resource: dict[str, Any], expected: TableSpec) -> Path | None:
    """The table's Parquet copy, when the package says it has one where the export writes it.
    It holds the same rows as the CSV, already typed: read in a fraction of the time and
    memory, which is what lets a national year be evaluated on one machine."""
    path = resource.get("x-parquet-path")
    if path is None:
        return None
    if path != f"parquet/{expected.name}.parquet":
        raise PackageError(
            f"{expected.name}: x-parquet-path must be parquet/{expected.name}.parquet, "
            f"not {path!r}."
        )
    file = directory / path
    if not file.is_file():
        # The descriptor outlived the copies (a package copied without its parquet folder):
        # the CSV is the table.
        return None
    if file.stat().st_size > MAX_TABLE_BYTES:
        raise PackageError(f"{path} is larger than {MAX_TABLE_BYTES:,} bytes.")
    return file


def _typed_parquet(file: Path, schema: dict[str, Any], path: str) -> pl.DataFrame:
    """The Parquet copy's columns, which must carry the schema's names and types exactly."""
    try:
        found = pl.read_parquet_schema(file)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise PackageError(f"{path} is not a readable Parquet file ({exc}). {_AGAIN}") from exc
    for name, dtype in schema.items():
        if name not in found:
            raise PackageError(f"{path} lacks the column {name}.")
        if found[name] != dtype and found[name] != pl.Null:
            expected = next(kind for kind, polars_type in _TYPES.items() if polars_type == dtype)
            raise PackageError(
                f"{path}, column {name}: holds {found[name]} values where the table schema "
                f"says {expected}. {_AGAIN}"
            )
    try:
        frame = pl.read_parquet(file, columns=list(schema))
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise PackageError(f"{path} is not a readable Parquet file ({exc}). {_AGAIN}") from exc
    frame = frame.with_columns(
        pl.col(name).cast(dtype) for name, dtype in schema.items() if frame[name].dtype == pl.Null
    )
    texts = [name for name, dtype in schema.items() if dtype == pl.Utf8]
    # An empty text is missing, as it is in the CSV (which cannot tell the two apart).
    frame = frame.with_columns(pl.col(name).replace("", None) for name in texts)
    for name in texts:
        too_long = (frame[name].str.len_chars() > MAX_CELL_CHARS).arg_true()
        if len(too_long):
            raise PackageError(
                f"{path} row {int(too_long[0]) + 1}, column {name}: longer than "
                f"{MAX_CELL_CHARS:,} characters."
            )
    return frame


def _field_types(resource: dict[str, Any], expected: TableSpec) -> dict[str, Any]:
    types = {f.name: f.type for f in expected.fields}
    fields = resource.get("schema", {}).get("fields") if isinstance(resource, dict) else None
    if not isinstance(fields, list):
        raise PackageError(f"{expected.name}: the resource has no schema fields.")
    schema = {}
    for field in fields:
        name = field.get("name") if isinstance(field, dict) else None
        if name not in types:
            raise PackageError(f"{expected.name}: {name!r} is not a field of this table.")
        if field.get("type") != types[name]:
            raise PackageError(
                f"{expected.name}.{name}: type must be {types[name]}, not {field.get('type')!r}."
            )
        schema[name] = _TYPES[types[name]]
    return schema


def _first_bad(frame: pl.DataFrame, name: str, parsed: pl.Series, path: str) -> None:
    """Refuse the column if any non-empty cell did not parse, naming the first."""
    raw = frame[name]
    bad = (raw.is_not_null() & parsed.is_null()).arg_true()
    if len(bad):
        index = int(bad[0])
        raise PackageError(
            f"{path} line {index + 2}, column {name}: {str(raw[index])[:40]!r} is not a "
            f"{parsed.dtype} value."
        )


def _typed_column(frame: pl.DataFrame, name: str, dtype: Any, path: str) -> pl.Series:
    column = frame[name].replace("", None)
    too_long = (column.str.len_chars() > MAX_CELL_CHARS).arg_true()
    if len(too_long):
        raise PackageError(
            f"{path} line {int(too_long[0]) + 2}, column {name}: longer than "
            f"{MAX_CELL_CHARS:,} characters."
        )
    if dtype == pl.Utf8:
        # Undo the formula guard the export put on text cells (see csv_safety).
        guarded = column.str.contains("^'" + FORMULA_PREFIX_PATTERN[1:]).fill_null(False)
        return column.zip_with(~guarded, column.str.slice(1)).alias(name)
    if dtype == pl.Boolean:
        parsed = column.replace_strict(
            {"true": True, "false": False}, default=None, return_dtype=pl.Boolean
        )
    elif dtype == pl.Date:
        parsed = column.str.to_date("%Y-%m-%d", strict=False)
    else:
        parsed = column.str.strip_chars().cast(dtype, strict=False)
    check = frame.with_columns(column.alias(name))
    _first_bad(check, name, parsed, path)
    return parsed.alias(name)


def _older(version: object, than: str) -> bool:
    """True when ``version`` is a dataset version (major.minor.patch) before ``than``."""
    try:
        mine = tuple(int(part) for part in str(version).split("."))
    except ValueError:
        return False
    return len(mine) == 3 and mine < tuple(int(part) for part in than.split("."))


def read_set_aside(directory: Path) -> dict[str, int]:
    """The counts of impossible values the export set aside (see analysis.plausibility),
    keeping only well-formed entries: a whole, positive count under a known name."""
    meta = _descriptor(directory).get("x-linkwork")
    counts = meta.get("set_aside") if isinstance(meta, dict) else None
    if not isinstance(counts, dict):
        return {}
    return {
        key: value
        for key, value in counts.items()
        if key in WORDING and isinstance(value, int) and not isinstance(value, bool) and value > 0
    }


def read_package(
    directory: Path, *, leave_out: Mapping[str, Collection[str]] | None = None
) -> dict[str, pl.DataFrame]:
    """Read an exported package back into frames, typed by its own table schemas, so the
    evaluation runs the same on an export as on the live database. Raises PackageError,
    naming the file, line and field, for anything the export would not have written.
    `leave_out` names columns, by table, the caller never reads: they are checked in the
    descriptor but not kept (from a Parquet copy, not even read)."""
    leave_out = leave_out or {}
    descriptor = _descriptor(directory)
    by_name = {r.get("name"): r for r in descriptor["resources"] if isinstance(r, dict)}
    tables = {}
    for spec in TABLES:
        resource = by_name.get(spec.name)
        if resource is None and _older(descriptor.get("version"), spec.added_in):
            # Exported before the dataset had this table: nothing was recorded in it.
            tables[spec.name] = pl.DataFrame(
                schema={f.name: _TYPES[f.type] for f in spec.fields if not f.identifiable}
            )
            continue
        if resource is None:
            raise PackageError(f"datapackage.json has no {spec.name} table.")
        unread = set(leave_out.get(spec.name, ()))
        schema = {
            name: dtype
            for name, dtype in _field_types(resource, spec).items()
            if name not in unread
        }
        copy = _parquet_copy(directory, resource, spec)
        if copy is not None:
            tables[spec.name] = _with_later_fields(
                _typed_parquet(copy, schema, resource["x-parquet-path"]),
                spec,
                descriptor.get("version"),
                unread,
            )
            continue
        file = _resource_file(directory, resource, spec)
        try:
            frame = pl.read_csv(
                file, schema_overrides=dict.fromkeys(schema, pl.Utf8), infer_schema=False
            )
        except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
            raise PackageError(f"{resource['path']} is not a readable CSV file ({exc}).") from exc
        missing = sorted(set(schema) - set(frame.columns))
        if missing:
            raise PackageError(f"{resource['path']} lacks the column(s) {', '.join(missing)}.")
        if not frame.columns:
            tables[spec.name] = frame
            continue
        typed = pl.DataFrame(
            [_typed_column(frame, name, dtype, resource["path"]) for name, dtype in schema.items()]
        )
        tables[spec.name] = _with_later_fields(typed, spec, descriptor.get("version"), unread)
    return tables


def _with_later_fields(
    frame: pl.DataFrame, spec: TableSpec, version: object, unread: Collection[str] = ()
) -> pl.DataFrame:
    """A table exported before some of its fields existed gets them, all missing: nothing
    was recorded in them, and the analysis reads every version the same way."""
    later = [
        pl.lit(None, dtype=_TYPES[f.type]).alias(f.name)
        for f in spec.fields
        if f.name not in frame.columns
        and f.name not in unread
        and not f.identifiable
        and _older(version, f.added_in)
    ]
    return frame.with_columns(later) if later else frame
