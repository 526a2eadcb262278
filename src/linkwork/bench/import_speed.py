"""`make bench-import`: import a generated case-management export of `--rows` referrals into a
scheme on a scratch PostgreSQL database, end to end (read, map, check, write in chunks), and
COPY the very rows it wrote into tables with no keys, indexes or checks, for comparison.
Reports rows per second of each, their ratio, the time spent checking, and the process's
peak memory.

Figures are printed and written to var/bench/import.json; never pass or fail."""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
from pathlib import Path

import psycopg

from linkwork.bench.generate import SERVER, bare_copy, fresh_database
from linkwork.core.csv_safety import safe_writer
from linkwork.imports.harmonise.profile import PROFILE_DIR

DATABASE = "linkwork_imp_bench"
# The shipped example's layout (saved by Excel as Windows-1252, as the profile expects).
EXAMPLE = PROFILE_DIR / "examples" / "case-management-example.csv"
TABLES = [
    "people_person",
    "episodes_referral",
    "episodes_referralevent",
    "episodes_encounter",
    "outcomes_administration",
    "episodes_connection",
    "episodes_financialgain",
    "imports_importedrecord",
]


def _nhs_numbers(count: int) -> list[str]:
    found: list[str] = []
    body = 999_000_000
    while len(found) < count:
        body += 1
        digits = str(body)
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits)) % 11
        if check != 10:
            found.append(digits + ("0" if check == 11 else str(check)))
    return found


def _export(path: Path, rows: int) -> None:
    """One referral per row, each with a first contact, a baseline SWEMWBS (items and total),
    a connection and a financial gain: every kind of record."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = safe_writer(out)
        with EXAMPLE.open(encoding="cp1252", newline="") as example:
            writer.writerow(next(csv.reader(example)))
        for index, number in enumerate(_nhs_numbers(rows)):
            day = 1 + index % 27
            writer.writerow(
                [
                    f"C{index}", f"R{index}", number, "12/03/1958", "Female", "White British",
                    "LS6 2AB", f"{day:02d}/01/2025", "GP", "Loneliness; Debt", "B86001",
                    f"{day:02d}/02/2025", "Telephone", "", "", f"{day:02d}/02/2025",
                    "3", "2", "3", "2", "3", "2", "3", "18", "Citizens Advice",
                    f"{day:02d}/02/2025", "Benefit award", "1,250.00", f"{day:02d}/03/2025",
                ]
            )  # fmt: skip


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--chunk-size", type=int, default=2000)
    args = parser.parse_args()
    var_dir = Path(os.environ.get("LINKWORK_VAR_DIR", "var")).resolve() / "bench" / "import"
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = fresh_database(var_dir, DATABASE)
    os.environ["LINKWORK_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")

    import django

    django.setup()
    # Imported once Django is set up: it reads the models.
    from linkwork.bench.import_speed_run import timed_import

    export = var_dir / "caseload.csv"
    _export(export, args.rows)
    timed = timed_import(export, args.chunk_size)
    check_seconds, import_seconds = timed["check_seconds"], timed["import_seconds"]
    before_mib, peak_mib = timed["before_mib"], _peak_mib()

    with psycopg.connect(f"{SERVER}/{DATABASE}", autocommit=True) as conn:
        written = sum(
            conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]  # noqa: S608 - our own table names
            for table in TABLES
        )
    bare_rows, bare_seconds = bare_copy(TABLES, DATABASE)
    import_rate = written / import_seconds
    bare_rate = bare_rows / bare_seconds
    results = {
        "source_rows": args.rows,
        "chunk_records": args.chunk_size,
        "records_created": int(timed["created"]),
        "table_rows_written": written,
        "check_seconds": round(check_seconds, 2),
        "import_seconds_end_to_end": round(import_seconds, 2),
        "import_table_rows_per_second": round(import_rate),
        "import_source_rows_per_second": round(args.rows / import_seconds),
        "bare_copy_rows": bare_rows,
        "bare_copy_seconds": round(bare_seconds, 2),
        "bare_copy_rows_per_second": round(bare_rate),
        "import_vs_bare_copy": round(import_rate / bare_rate, 3),
        "peak_memory_mib": round(peak_mib, 1),
        "peak_memory_before_import_mib": round(before_mib, 1),
    }
    print(json.dumps(results, indent=2))
    (var_dir.parent / "import.json").write_text(json.dumps(results, indent=2))
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


if __name__ == "__main__":
    main()
