"""`make bench-evaluation`: the common-dataset export and the full evaluation report, timed on
PostgreSQL beside DuckDB computing the same core aggregates from the exported Parquet.

    DATABASE_URL=postgres://... python -m linkwork.bench.evaluation_speed --scale 1 [--reuse]

Builds the demo world at --scale (or reuses the one in the database), then times, wall and
processor time: the export (with Parquet), the full report from the database, and DuckDB's
aggregates (counts per scheme, region and delivery model, referral status rates, paired change
mean and SD per questionnaire). The aggregates are checked against the report's own, and the
ratio report/DuckDB is printed. Figures, never pass or fail; not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from linkwork.core.blas import single_threaded_blas


def _ensure_database(url: str) -> None:
    """Create the scratch database if the server has none of that name yet."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as con:
        if con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> None:
    single_threaded_blas()  # as the report runs in production
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="Demo world scale (default 1).")
    parser.add_argument(
        "--reuse", action="store_true", help="Reuse the world already in the database."
    )
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database: the benchmark rebuilds it.")
    if args.scale <= 0:
        sys.exit(f"--scale must be above 0, got {args.scale}.")
    _ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")
    import django

    django.setup()
    var_dir = Path(os.environ.get("LINKWORK_VAR_DIR", "var")).resolve() / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    # Imported once Django is set up: the measurements read models at import time.
    from linkwork.bench.evaluation_figures import run

    with tempfile.TemporaryDirectory(dir=var_dir) as scratch:
        result = run(scale=args.scale, reuse=args.reuse, out=Path(scratch))
    for name, figure in result["figures"].items():
        print(f"{name:<18} wall {figure['wall_s']:>8.2f} s   cpu {figure['cpu_s']:>8.2f} s")
    print(f"referrals          {result['referrals']:,}")
    print(f"peak memory        {result['peak_memory_gb']['overall']:.2f} GB")
    print(f"report / DuckDB    {result['report_over_duckdb']}x")
    print("aggregates agree" if result["aggregates_agree"] else "AGGREGATES DIFFER:")
    for problem in result["disagreements"]:
        print(f"  {problem}")
    (var_dir / f"evaluation-scale-{args.scale:g}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
