"""`make bench-generate`: build a demo world of `--scale` (default 1/100national) on a scratch
PostgreSQL database and measure, in the same run: each part's time, the rows the generator
wrote per second (casework and questionnaires, drawing included), the rows per second of its
writes alone, a bare `COPY` of the very same rows into tables with no keys, indexes or checks,
the ratios, and the time a national year would take at the measured pace.

Figures are printed and written to var/bench/generate.json; never pass or fail."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

from linkwork.demo.scale import NATIONAL_SCALE, parse_scale

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_GENERATE_DATABASE", "linkwork_bench_generate")
GENERATOR_PARTS = ("casework", "outcomes")


def fresh_database(var_dir: Path, database: str = DATABASE) -> str:
    """A new, migrated scratch database; answers its URL."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    url = f"{SERVER}/{database}"
    environment = {**os.environ, "DATABASE_URL": url, "LINKWORK_VAR_DIR": str(var_dir)}
    subprocess.run(
        [sys.executable, "-m", "linkwork", "migrate", "--verbosity", "0"],
        env=environment,
        check=True,
    )
    return url


def bare_copy(tables: list[str], database: str = DATABASE) -> tuple[int, float]:
    """Rows, and seconds to COPY them (read back beforehand, as the same Python values the
    generator wrote) into copies of the tables with no keys, indexes or checks."""
    rows, seconds = 0, 0.0
    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as conn:
        for table in tables:
            fetched = conn.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608 - our own table name
            values = [
                tuple(Jsonb(v) if isinstance(v, dict | list) else v for v in row) for row in fetched
            ]
            bare = f"bare_{table}"
            conn.execute(f'DROP TABLE IF EXISTS "{bare}"')
            conn.execute(f'CREATE UNLOGGED TABLE "{bare}" (LIKE "{table}")')
            start = time.perf_counter()
            with conn.cursor().copy(f'COPY "{bare}" FROM STDIN') as into:
                for row in values:
                    into.write_row(row)
            seconds += time.perf_counter() - start
            rows += len(values)
            conn.execute(f'DROP TABLE "{bare}"')
    return rows, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1/100national")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    var_dir = Path(os.environ.get("LINKWORK_VAR_DIR", "var")).resolve() / "bench" / "generate"
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = fresh_database(var_dir)
    os.environ["LINKWORK_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")

    import django

    django.setup()
    # Imported once Django is set up: it reads the demo's models.
    from linkwork.bench.generate_run import timed_build

    scale = parse_scale(args.scale)
    parts, world_seconds, writes, tables = timed_build(seed=args.seed, scale=scale)
    generator_seconds = sum(parts[name] for name in GENERATOR_PARTS)
    bare_rows, bare_seconds = bare_copy(sorted(tables))
    rows = int(writes["rows"])
    generator_rate = rows / generator_seconds
    write_rate = rows / writes["seconds"]
    bare_rate = bare_rows / bare_seconds
    share = scale / NATIONAL_SCALE
    results = {
        "scale": args.scale,
        "share_of_national_year": round(share, 5),
        "seed": args.seed,
        "parts_seconds": parts,
        "world_seconds": round(world_seconds, 1),
        "generator_rows": rows,
        "generator_seconds": round(generator_seconds, 1),
        "generator_rows_per_second": round(generator_rate),
        "writes_seconds": round(writes["seconds"], 1),
        "writes_rows_per_second": round(write_rate),
        "bare_copy_rows": bare_rows,
        "bare_copy_seconds": round(bare_seconds, 2),
        "bare_copy_rows_per_second": round(bare_rate),
        "generator_vs_bare_copy": round(generator_rate / bare_rate, 3),
        "writes_vs_bare_copy": round(write_rate / bare_rate, 3),
        "projected_national_world_minutes": round(world_seconds / share / 60, 1),
    }
    print(json.dumps(results, indent=2))
    (var_dir.parent / "generate.json").write_text(json.dumps(results, indent=2))
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


if __name__ == "__main__":
    main()
