"""`make bench-lookups`: load a national-size postcode file (1.7 million rows by default,
`LOOKUP_ROWS` to change) on PostgreSQL and on SQLite, and measure, in the same run: the time
and peak memory of the first load, of loading the same release again, and of a bare
PostgreSQL `COPY` of the same file into a table with no checks, and of one into a fresh copy
of the postcode table itself (logged, with its keys and indexes), for the ratios.

The file is synthetic (the real ONSPD is not downloaded): valid postcode shapes, the real
columns, coordinates in the UK. Each load runs as its own `linkwork` process so its peak
memory is its own."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import psycopg

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
AREAS = [
    "AB",
    "B",
    "BA",
    "BS",
    "CF",
    "DD",
    "EH",
    "G",
    "IV",
    "KA",
    "L",
    "LS",
    "M",
    "ML",
    "N",
    "NE",
    "NG",
    "OX",
    "PA",
    "S",
    "SE",
    "SW",
    "TD",
    "W",
    "YO",
]
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def write_file(path: Path, rows: int, *, seed: int = 7) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("pcds,ctry,lsoa11,lat,long\n")
        for area in AREAS:
            scottish = area in {"AB", "DD", "EH", "G", "IV", "KA", "ML", "PA", "TD"}
            for district in range(1, 100):
                for sector in range(10):
                    for first in UNIT_LETTERS:
                        for second in UNIT_LETTERS:
                            if written == rows:
                                return
                            country, zone = (
                                ("S92000003", f"S0{1000000 + rng.randrange(6976)}")
                                if scottish
                                else ("E92000001", f"E0{1000000 + rng.randrange(32844)}")
                            )
                            lat = 50.0 + rng.random() * 8
                            lon = -6.0 + rng.random() * 7
                            out.write(
                                f"{area}{district} {sector}{first}{second},{country},{zone},"
                                f"{lat:.6f},{lon:.6f}\n"
                            )
                            written += 1


# Times the load alone, inside the process once Django is set up, and reports the process's
# peak memory before the load (Django and its libraries) and after it.
PROBE = """
import os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")
import django
django.setup()
from django.core.management import call_command
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
call_command(*sys.argv[1:])
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("MEASURED", seconds, before, after, file=sys.stderr)
"""


def timed_load(path: Path, database_url: str, var_dir: Path) -> dict[str, float]:
    environment = {**os.environ, "DATABASE_URL": database_url, "LINKWORK_VAR_DIR": str(var_dir)}
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-c", PROBE, "lookups", "load", "onspd", str(path), "--release", "x"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in done.stderr.splitlines() if line.startswith("MEASURED"))
    seconds, before_kb, after_kb = (float(part) for part in line.split()[1:])
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(after_kb / 1024, 1),
        "peak_mb_before_load": round(before_kb / 1024, 1),
    }


def migrate(database_url: str, var_dir: Path) -> None:
    environment = {**os.environ, "DATABASE_URL": database_url, "LINKWORK_VAR_DIR": str(var_dir)}
    subprocess.run(
        [sys.executable, "-m", "linkwork", "migrate", "--verbosity", "0"],
        env=environment,
        check=True,
    )


def _timed_copy(path: Path, database: str, *, setup: list[str], table: str, into: str) -> float:
    """Seconds to `COPY` the file into `into` (a table and its columns) once `setup` has made
    it; the table is dropped afterwards."""
    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in setup:
            conn.execute(statement)
        start = time.perf_counter()
        with (
            conn.cursor() as cursor,
            cursor.copy(f"COPY {into} FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as handle,
        ):
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - start
        conn.execute(f"DROP TABLE {table}")
    return round(seconds, 2)


def bare_copy(path: Path, database: str) -> float:
    """A `COPY` into an unlogged table with no key, index or check."""
    return _timed_copy(
        path,
        database,
        setup=[
            "CREATE UNLOGGED TABLE bare_copy "
            "(pcds text, ctry text, lsoa11 text, lat double precision, long double precision)"
        ],
        table="bare_copy",
        into="bare_copy",
    )


def same_table_copy(path: Path, database: str) -> float:
    """A `COPY` into a fresh copy of the postcode table itself: logged, with its keys and
    indexes, as the load's writes are."""
    return _timed_copy(
        path,
        database,
        setup=[
            "CREATE TABLE same_table_copy (LIKE lookups_postcodelookup INCLUDING ALL)",
            "ALTER TABLE same_table_copy ALTER COLUMN release SET DEFAULT 'x'",
        ],
        table="same_table_copy",
        into="same_table_copy (postcode, country, small_area_code, latitude, longitude)",
    )


def main() -> None:
    rows = int(os.environ.get("LOOKUP_ROWS", "1700000"))
    var_dir = Path(os.environ.get("LINKWORK_VAR_DIR", "var")).resolve() / "bench" / "lookups"
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / f"onspd_{rows}.csv"
    if not path.exists():
        write_file(path, rows)
    database = "linkwork_bench_lookups"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    postgres_url = f"{SERVER}/{database}"
    sqlite_path = var_dir / "lookups.sqlite3"
    sqlite_path.unlink(missing_ok=True)
    sqlite_url = f"sqlite:///{sqlite_path}"
    results: dict[str, object] = {"rows": rows}
    for name, url in (("postgresql", postgres_url), ("sqlite", sqlite_url)):
        migrate(url, var_dir)
        first = timed_load(path, url, var_dir)
        again = timed_load(path, url, var_dir)
        results[name] = {"first_load": first, "unchanged_reload": again}
    copy_seconds = bare_copy(path, database)
    same_table_seconds = same_table_copy(path, database)
    pg = results["postgresql"]
    assert isinstance(pg, dict)
    results["bare_copy_seconds"] = copy_seconds
    results["same_table_copy_seconds"] = same_table_seconds
    results["postgresql_load_throughput_vs_bare_copy"] = round(
        copy_seconds / pg["first_load"]["seconds"], 3
    )
    results["postgresql_load_throughput_vs_same_table_copy"] = round(
        same_table_seconds / pg["first_load"]["seconds"], 3
    )
    for name in ("postgresql", "sqlite"):
        part = results[name]
        assert isinstance(part, dict)
        part["reload_vs_first"] = round(
            part["unchanged_reload"]["seconds"] / part["first_load"]["seconds"], 3
        )
    print(json.dumps(results, indent=2))
    (var_dir / "results.json").write_text(json.dumps(results, indent=2))
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
