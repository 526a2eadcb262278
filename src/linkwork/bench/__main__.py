"""`make bench`: time the demo world build and the registry reads on a scratch database.

Timings live here, never in pass/fail tests. Results are printed and written as JSON to
var/bench/results.json so runs can be compared.
"""

from __future__ import annotations

import os
from pathlib import Path


def main() -> None:
    var_dir = Path(os.environ.get("LINKWORK_VAR_DIR", "var")).resolve() / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    database = var_dir / "bench.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")

    import django

    django.setup()
    # Imported once Django is set up: the suite reads models at import time.
    from linkwork.bench.suite import run_suite

    run_suite(var_dir)


if __name__ == "__main__":
    main()
