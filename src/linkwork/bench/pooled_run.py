"""The parts of `make bench-pooled` (see linkwork.bench.pooled_evaluation) that read the
database or the analysis, imported once Django is set up."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from linkwork.bench.evaluation_figures import (
    disagreements,
    duckdb_aggregates,
    report_aggregates,
)
from linkwork.evaluation.selectors import evaluation_data_from_package
from linkwork.organisations.models import Region


def regions() -> list[str]:
    return list(Region.objects.order_by("slug").values_list("slug", flat=True))


def duckdb_check(pool: Path, report_json: Path, figures: dict[str, Any]) -> dict[str, Any]:
    """DuckDB's core aggregates from the pool's Parquet, timed here (DuckDB runs in this
    process), and compared with the same aggregates as the report's analysis computes them."""
    wall, cpu = time.perf_counter(), time.process_time()
    theirs = duckdb_aggregates(pool / "parquet")
    figures["duckdb aggregates"] = {
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
    }
    print(f"{'duckdb aggregates':<28} {figures['duckdb aggregates']}", file=sys.stderr)
    report = json.loads(report_json.read_text())
    ours = report_aggregates(evaluation_data_from_package(pool), report)
    return {"disagreements": disagreements(ours, theirs)}
