"""`make bench`: time the demo world build and the registry reads on a scratch database.

Timings live here, never in pass/fail tests. Results are printed and written as JSON to
var/bench/results.json so runs can be compared.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _timed(func: Callable[[], object], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return {"median_s": statistics.median(samples), "min_s": min(samples), "runs": repeat}


def main() -> None:
    var_dir = Path(os.environ.get("LINKWORK_VAR_DIR", "var")).resolve() / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    database = var_dir / "bench.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")

    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    from linkwork.organisations.selectors import registry_summary, scheme_list, scheme_tidier

    call_command("migrate", verbosity=0)
    results: dict[str, dict[str, float]] = {}
    start = time.perf_counter()
    call_command("demo", "--seed", "1", stdout=StringIO())
    results["demo_world_build"] = {"seconds": time.perf_counter() - start}
    results["registry_summary"] = _timed(registry_summary, repeat=5)
    results["tidier_all_schemes"] = _timed(
        lambda: [scheme_tidier(s) for s in scheme_list()], repeat=3
    )
    from linkwork.directory.bench import run as directory_search_bench

    # Searching a directory of 10,000 services (built and rolled back inside the run).
    results["directory_10k_services"] = directory_search_bench()
    for name, figures in results.items():
        print(f"{name:<24} " + ", ".join(f"{k}={v:.3f}" for k, v in figures.items()))
    (var_dir / "results.json").write_text(json.dumps(results, indent=2))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
