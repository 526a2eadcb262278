"""The benchmarks `make bench` runs, once Django is set up on a scratch database."""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from linkwork.bench.directory_search import run as directory_search_bench
from linkwork.organisations.selectors import registry_summary, scheme_list, scheme_tidier


def _timed(func: Callable[[], object], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return {"median_s": statistics.median(samples), "min_s": min(samples), "runs": repeat}


def run_suite(var_dir: Path) -> None:
    call_command("migrate", verbosity=0)
    results: dict[str, dict[str, float]] = {}
    start = time.perf_counter()
    call_command("demo", "--seed", "1", stdout=StringIO())
    results["demo_world_build"] = {"seconds": time.perf_counter() - start}
    results["registry_summary"] = _timed(registry_summary, repeat=5)
    results["tidier_all_schemes"] = _timed(
        lambda: [scheme_tidier(s) for s in scheme_list()], repeat=3
    )
    # Searching a directory of 10,000 services (built and rolled back inside the run).
    results["directory_10k_services"] = directory_search_bench()
    for name, figures in results.items():
        print(f"{name:<24} " + ", ".join(f"{k}={v:.3f}" for k, v in figures.items()))
    (var_dir / "results.json").write_text(json.dumps(results, indent=2))
    sys.stdout.flush()
