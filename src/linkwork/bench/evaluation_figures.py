"""The measurements behind `make bench-evaluation` (see linkwork.bench.evaluation_speed),
imported once Django is set up on the scratch database."""

from __future__ import annotations

import math
import resource
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import polars as pl
from django.core.management import call_command

from linkwork.episodes.models import Referral
from linkwork.evaluation.analysis.outcomes import paired_frame
from linkwork.evaluation.dataset.extract import ExportFilters
from linkwork.evaluation.report.build import build_report
from linkwork.evaluation.selectors import evaluation_data_from_db
from linkwork.evaluation.services import common_dataset_export

T = TypeVar("T")

# Aggregates agree when equal to this many decimal places (the report rounds to 2).
PLACES = 6


def _timed(label: str, func: Callable[[], T], figures: dict[str, dict[str, float]]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    figures[label] = {
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
    }
    # As it goes, so a long run shows where it is.
    print(f"{label}: {figures[label]}", file=sys.stderr, flush=True)
    return value


def _peak_gb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def duckdb_aggregates(parquet: Path) -> dict[str, Any]:
    """The core aggregates from the exported Parquet, in DuckDB's SQL alone."""
    con = duckdb.connect()
    for table in ("referrals", "schemes", "outcome_scores"):
        con.read_parquet(str(parquet / f"{table}.parquet")).create_view(table)

    def grouped(sql: str) -> dict[str, float]:
        return {str(k): v for k, v in con.execute(sql).fetchall()}

    episodes = "referrals r LEFT JOIN schemes s USING (scheme_id)"
    return {
        "by_scheme": grouped(f"SELECT scheme_name, count(*) FROM {episodes} GROUP BY 1"),  # noqa: S608
        "by_region": grouped(f"SELECT region, count(*) FROM {episodes} GROUP BY 1"),  # noqa: S608
        "by_model": grouped(
            "SELECT coalesce(delivery_model, 'unclassified'), count(*) "  # noqa: S608
            f"FROM {episodes} GROUP BY 1"
        ),
        "status_percent": grouped(
            "SELECT status, round(100.0 * count(*) / sum(count(*)) OVER (), 1) "
            "FROM referrals GROUP BY 1"
        ),
        # The report's pairing rule (analysis.outcomes): the first baseline, then the last
        # follow-up after it, or failing that the last discharge.
        "paired": {
            instrument: {"n": n, "mean": mean, "sd": sd}
            for instrument, n, mean, sd in con.execute(
                """
                WITH scores AS (
                    SELECT * FROM outcome_scores
                    WHERE kind = 'validated' AND referral_id IS NOT NULL
                      AND primary_score IS NOT NULL
                ), baseline AS (
                    SELECT referral_id, instrument_id,
                           arg_min(administered_on, administered_on) AS baseline_on,
                           arg_min(primary_score, administered_on) AS baseline
                    FROM scores WHERE timepoint = 'baseline' GROUP BY 1, 2
                ), later AS (
                    SELECT s.referral_id, s.instrument_id, s.primary_score,
                           row_number() OVER (
                               PARTITION BY s.referral_id, s.instrument_id
                               ORDER BY CASE s.timepoint WHEN 'follow_up' THEN 0 ELSE 1 END,
                                        s.administered_on DESC
                           ) AS pick
                    FROM scores s JOIN baseline b USING (referral_id, instrument_id)
                    WHERE s.timepoint IN ('follow_up', 'discharge')
                      AND s.administered_on > b.baseline_on
                )
                SELECT b.instrument_id, count(*), avg(l.primary_score - b.baseline),
                       stddev_samp(l.primary_score - b.baseline)
                FROM baseline b
                JOIN later l ON l.referral_id = b.referral_id
                    AND l.instrument_id = b.instrument_id AND l.pick = 1
                JOIN referrals r ON r.referral_id = b.referral_id
                GROUP BY 1
                """
            ).fetchall()
        },
    }


def report_aggregates(data: Any, report: dict[str, Any]) -> dict[str, Any]:
    """The same aggregates as the report computes them: its episodes and paired frame, and
    its own status table."""
    episodes = data.episodes()

    def grouped(column: str) -> dict[str, float]:
        rows = episodes.group_by(column).agg(pl.len()).iter_rows()
        return {str(k): v for k, v in rows}

    pairs = paired_frame(data).filter(pl.col("change").is_not_null())
    paired = (
        pairs.group_by("instrument_id")
        .agg(pl.len().alias("n"), pl.col("change").mean(), pl.col("change").std().alias("sd"))
        .iter_rows()
    )
    return {
        "by_scheme": grouped("scheme_name"),
        "by_region": grouped("region"),
        "by_model": grouped("model"),
        "status_percent": {row["group"]: row["percent"] for row in report["activity"]["statuses"]},
        "paired": {
            instrument: {"n": n, "mean": mean, "sd": sd}
            for instrument, n, mean, sd in paired
            if "." not in instrument  # items of ONS4 are unpacked from JSON by the report
        },
        "published_mean_change": {
            block["instrument"]: block["summary"].get("mean_change")
            for block in report["outcomes"]
            if "." not in block["instrument"]
        },
    }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, abs_tol=10**-PLACES)
    return bool(a == b)


def disagreements(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    problems = [
        f"{name}: report {ours[name]!r} but DuckDB {theirs[name]!r}"
        for name in theirs
        if not _same(ours[name], theirs[name])
    ]
    for instrument, mean in ours["published_mean_change"].items():
        duck = theirs["paired"].get(instrument)
        if duck is not None and mean is not None and round(duck["mean"], 2) != mean:
            problems.append(f"{instrument}: the report publishes {mean}, DuckDB {duck['mean']}")
    return problems


def run(*, scale: float, reuse: bool, out: Path) -> dict[str, Any]:
    figures: dict[str, dict[str, float]] = {}
    call_command("migrate", verbosity=0)
    if not (reuse and Referral.objects.exists()):
        _timed(
            "demo_world_build",
            lambda: call_command(
                "demo", "--reset", "--seed", "1", "--scale", str(scale), stdout=StringIO()
            ),
            figures,
        )
    referrals = Referral.objects.count()
    package = out / "package"
    _timed(
        "export",
        lambda: common_dataset_export(filters=ExportFilters(), out_dir=package, parquet=True),
        figures,
    )
    export_peak = _peak_gb()

    def full_report() -> tuple[Any, dict[str, Any]]:
        data = evaluation_data_from_db(ExportFilters())
        return data, build_report(data, audience="scheme")

    data, report = _timed("report", full_report, figures)
    theirs = _timed("duckdb", lambda: duckdb_aggregates(package / "parquet"), figures)
    problems = disagreements(report_aggregates(data, report), theirs)
    return {
        "scale": scale,
        "referrals": referrals,
        "figures": figures,
        "peak_memory_gb": {"after_export": round(export_peak, 2), "overall": round(_peak_gb(), 2)},
        "report_over_duckdb": round(figures["report"]["wall_s"] / figures["duckdb"]["wall_s"], 1),
        "aggregates_agree": not problems,
        "disagreements": problems,
    }
