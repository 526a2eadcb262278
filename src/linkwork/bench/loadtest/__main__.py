"""`python -m linkwork.bench.loadtest --base-url http://127.0.0.1:PORT`: the load test against a
running server, whose database (DATABASE_URL, LINKWORK_VAR_DIR) this process reads for the demo
logins. Prints a table and writes JSON (default var/bench/loadtest.json)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m linkwork.bench.loadtest")
    parser.add_argument(
        "--base-url", required=True, help="the running server, e.g. http://127.0.0.1:8001"
    )
    parser.add_argument("--users", type=int, default=30, help="virtual users (default 30)")
    parser.add_argument(
        "--duration", type=float, default=60, help="seconds of the mix (default 60)"
    )
    parser.add_argument(
        "--baseline", type=float, default=15, help="seconds of the baseline page alone (default 15)"
    )
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="the server's today (LINKWORK_TODAY)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--label", default="", help="what was measured, saved with the figures")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.users < 1 or args.duration <= 0 or args.baseline <= 0:
        parser.error("--users, --duration and --baseline must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")
    import django

    django.setup()
    # Imported once Django is set up: reading the logins needs the models.
    from django.conf import settings
    from django.db import connection

    from linkwork.bench.loadtest.figures import table
    from linkwork.bench.loadtest.logins import demo_logins
    from linkwork.bench.loadtest.runner import run
    from linkwork.core import clock

    logins = demo_logins()
    if not logins:
        print("No demo logins in this database: build the demo world first.", file=sys.stderr)
        return 2
    today = args.today or settings.LINKWORK_TODAY or clock.today()
    database = connection.vendor
    connection.close()
    result = run(
        base_url=args.base_url.rstrip("/"),
        logins=logins,
        users=args.users,
        duration_s=args.duration,
        baseline_s=args.baseline,
        today=today,
        seed=args.seed,
    )
    result.update({"database": database, "label": args.label, "duration_s": args.duration})
    print(table(result))
    output = args.output or Path(settings.VAR_DIR) / "bench" / "loadtest.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2))
    print(f"Saved to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
