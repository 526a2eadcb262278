"""`make bench-pooled`: the pooled national evaluation, step by step, on a world built
beforehand (e.g. by `linkwork demo --scale 0.1national` on PostgreSQL).

    DATABASE_URL=postgres://... python -m linkwork.bench.pooled_evaluation [--work DIR]

Each region of the world is exported as a package of its own (with its Parquet copies),
pseudonymised under one shared key as installations that agreed to link would be;
`linkwork pool` combines them into one package; the external report (disclosure control
included) runs on the pool with `linkwork report evaluation --package`; and DuckDB
computes the core aggregates (counts per scheme, region and delivery model, status rates,
paired change per questionnaire) from the pool's Parquet, checked against the report's own.
Every step runs in a process of its own, so each has its own wall time, processor time and
peak memory. Figures are printed and written to var/bench/pooled.json; never pass or fail,
and not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

from linkwork.core.blas import single_threaded_blas


def _step(label: str, command: list[str], figures: dict[str, dict[str, float]]) -> None:
    """Run one `linkwork` command in a child process and keep its own figures: os.wait4
    gives the child's resource use alone, not the largest of all children so far."""
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "linkwork", *command], stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"{label} failed ({child.returncode}): linkwork {' '.join(command)}")
    figures[label] = {
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        # ru_maxrss is in kilobytes on Linux.
        "peak_gb": round(usage.ru_maxrss / 1024 / 1024, 2),
    }
    print(f"{label:<28} {figures[label]}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    single_threaded_blas()  # as the report runs in production
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="Keep the packages and report in DIR.")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database holding the world to pool.")
    var_dir = Path(os.environ.get("LINKWORK_VAR_DIR", "var")).resolve() / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    work = (args.work or var_dir / "pooled").resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    key = work / "shared.key"
    key.write_bytes(secrets.token_bytes(32))
    figures: dict[str, dict[str, float]] = {}
    sources = []
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")
    import django

    django.setup()
    # Imported once Django is set up: they read models at import time.
    from linkwork.bench.pooled_run import duckdb_check, regions

    for slug in regions():
        sources.append(work / f"source-{slug}")
        _step(
            f"export {slug}",
            ["export", "common-dataset", "--out", str(sources[-1]), "--region", slug,
             "--key-file", str(key), "--parquet"],
            figures,
        )  # fmt: skip
    pool = work / "pool"
    _step("pool", ["pool", *map(str, sources), "--out", str(pool), "--parquet"], figures)
    report = work / "report.json"
    _step(
        "report on the pool",
        ["report", "evaluation", "--package", str(pool), "--out", str(report),
         "--format", "json", "--quiet"],
        figures,
    )  # fmt: skip
    checked = duckdb_check(pool, report, figures)
    referrals = pl.read_parquet(pool / "parquet/referrals.parquet", columns=["referral_id"]).height
    duck = max(figures["duckdb aggregates"]["wall_s"], 0.01)
    result: dict[str, Any] = {
        "referrals": referrals,
        "sources": len(sources),
        "figures": figures,
        "report_over_duckdb": round(figures["report on the pool"]["wall_s"] / duck, 1),
        **checked,
    }
    print(f"referrals {referrals:,} from {len(sources)} sources")
    for label, figure in figures.items():
        print(f"{label:<28} " + "   ".join(f"{k} {v}" for k, v in figure.items()))
    print(f"report / DuckDB    {result['report_over_duckdb']}x")
    print("aggregates agree" if not checked["disagreements"] else "AGGREGATES DIFFER:")
    for problem in checked["disagreements"]:
        print(f"  {problem}")
    (var_dir / "pooled.json").write_text(json.dumps(result, indent=2))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
