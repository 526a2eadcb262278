"""Writing the common dataset as a Frictionless Data Package: CSV files, an optional Parquet
copy, `datapackage.json` with a Table Schema for every table, and a data dictionary."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from linkwork.core.csv_safety import FORMULA_PREFIX_PATTERN, write_frame_csv
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


def write_package(
    tables: Mapping[str, pl.DataFrame],
    out_dir: Path,
    *,
    identifiable: bool,
    parquet: bool,
    meta: Mapping[str, Any],
) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "data").mkdir(exist_ok=True)
    resources = []
    for spec in TABLES:
        frame = tables[spec.name]
        path = f"data/{spec.name}.csv"
        write_frame_csv(frame, out_dir / path, date_format="%Y-%m-%d")
        resource: dict[str, Any] = {
            "name": spec.name,
            "title": spec.title,
            "description": spec.description,
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(spec, identifiable=identifiable),
        }
        if parquet:
            (out_dir / "parquet").mkdir(exist_ok=True)
            frame.write_parquet(out_dir / "parquet" / f"{spec.name}.parquet")
            resource["x-parquet-path"] = f"parquet/{spec.name}.parquet"
        resources.append(resource)
    descriptor = {
        "name": DATASET_NAME,
        "title": "Common Social Prescribing Dataset",
        "version": DATASET_VERSION,
        "profile": "tabular-data-package",
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "description": (
            "Link work referrals, encounters, connections, outcome scores and implementation "
            "indicators, recorded the same way in every scheme. See data-dictionary.md."
        ),
        "x-linkwork": dict(meta),
        "resources": resources,
    }
    (out_dir / "datapackage.json").write_text(json.dumps(descriptor, indent=2))
    (out_dir / "data-dictionary.md").write_text(data_dictionary(identifiable=identifiable))
    return out_dir / "datapackage.json"


def read_package(directory: Path) -> dict[str, pl.DataFrame]:
    """Read an exported package back into frames, typed by its own table schemas, so the
    evaluation runs the same on an export as on the live database."""
    descriptor = json.loads((directory / "datapackage.json").read_text())
    types = {
        "string": pl.Utf8,
        "integer": pl.Int64,
        "number": pl.Float64,
        "date": pl.Date,
        "boolean": pl.Boolean,
    }
    tables = {}
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        schema = {f["name"]: types[f["type"]] for f in fields}
        frame = pl.read_csv(
            directory / resource["path"],
            schema_overrides=dict.fromkeys(schema, pl.Utf8),
            infer_schema=False,
        )
        casts = []
        for name, dtype in schema.items():
            column = pl.col(name).replace("", None)
            if dtype == pl.Boolean:
                casts.append((column == "true").alias(name))
            elif dtype == pl.Date:
                casts.append(column.str.to_date("%Y-%m-%d").alias(name))
            elif dtype == pl.Utf8:
                # Undo the formula guard the export put on text cells (see csv_safety).
                guarded = column.str.contains("^'" + FORMULA_PREFIX_PATTERN[1:])
                casts.append(
                    pl.when(guarded).then(column.str.slice(1)).otherwise(column).alias(name)
                )
            else:
                casts.append(column.cast(dtype).alias(name))
        tables[resource["name"]] = frame.select(casts) if len(frame.columns) else frame
    return tables
