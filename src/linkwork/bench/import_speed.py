"""`make bench-import`: import a generated case-management export of `--rows` referrals into a
scheme on a scratch PostgreSQL database, end to end (read, map, check, write in chunks), and
COPY the very rows it wrote, for comparison, twice: into the same tables (a twin of the
database as it was before the import, with every key, index and check) and into tables with
no keys, indexes or checks.
Then import the same volume again with the mess real exports have (one row in ten with an
invalid NHS number, an impossible date, an unmapped code or an exact repeat of the row above,
imported with `skip_invalid`, the rest rejected to a rejects file), for the cost of problems.
Last, the clean import is reversed (everything it created removed), timed.
Reports rows per second of each, their ratios, the time spent checking, the reversal's time,
and the process's peak memory.

Figures are printed and written to var/bench/import.json; never pass or fail."""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import time
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

from linkwork.bench.generate import SERVER, bare_copy, fresh_database
from linkwork.core.csv_safety import safe_writer
from linkwork.imports.harmonise.profile import PROFILE_DIR
from linkwork.testing.nhs_numbers import nhs_numbers

# Another name (BENCH_IMPORT_DATABASE) lets two checkouts run it on one server at once.
DATABASE = os.environ.get("BENCH_IMPORT_DATABASE", "linkwork_imp_bench")
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


# One source row in DIRTY_CYCLE has each problem; DUPLICATE repeats the clean row above it.
DIRTY_CYCLE = 40
BAD_NHS, BAD_DATE, BAD_CODE, DUPLICATE = 0, 1, 2, 5
# Valid, but as exports write them: padded codes and another date format.
UNTIDY = 10


def _row(prefix: str, index: int, number: str) -> list[str]:
    day = 1 + index % 27
    return [
        f"{prefix}C{index}", f"{prefix}R{index}", number, "12/03/1958", "Female",
        "White British", "LS6 2AB", f"{day:02d}/01/2025", "GP", "Loneliness; Debt", "B86001",
        f"{day:02d}/02/2025", "Telephone", "", "", f"{day:02d}/02/2025",
        "3", "2", "3", "2", "3", "2", "3", "18", "Citizens Advice",
        f"{day:02d}/02/2025", "Benefit award", "1,250.00", f"{day:02d}/03/2025",
    ]  # fmt: skip


def _messy(row: list[str], index: int) -> list[str]:
    """The row with the problem its place in the cycle gives it, if any."""
    kind = index % DIRTY_CYCLE
    row = list(row)
    if kind == BAD_NHS:
        # Another check digit: a Modulus 11 number has only one right one.
        row[2] = row[2][:-1] + str((int(row[2][-1]) + 1) % 10)
    elif kind == BAD_DATE:
        row[7] = "31/02/2025"
    elif kind == BAD_CODE:
        row[8] = "Community centre"
    elif kind == UNTIDY:
        row[8], row[11] = " GP ", f"2025-02-{1 + index % 27:02d}"
    return row


def _export(
    path: Path, rows: int, *, numbers: list[str], dirty: bool = False, prefix: str = ""
) -> None:
    """One referral per row, each with a first contact, a baseline SWEMWBS (items and total),
    a connection and a financial gain: every kind of record. A dirty export has the same
    number of rows, one in ten with a problem (an exact repeat counts as a row)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = safe_writer(out)
        with EXAMPLE.open(encoding="cp1252", newline="") as example:
            writer.writerow(next(csv.reader(example)))
        previous: list[str] = []
        for index, number in enumerate(numbers[:rows]):
            row = _row(prefix, index, number)
            if dirty and index % DIRTY_CYCLE == DUPLICATE and previous:
                row = previous
            elif dirty:
                row = _messy(row, index)
            writer.writerow(row)
            previous = row


def twin_database(database: str, twin: str) -> None:
    """`twin`, a copy of `database` as it is now (no one may be connected to it)."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{twin}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{twin}" TEMPLATE "{database}"')


def copy_into_twin(tables: list[str], database: str, twin: str) -> tuple[int, float]:
    """Rows, and seconds to COPY them into the twin's own tables (keys, indexes and checks
    all there; foreign keys checked at commit, as Django declares them), in one transaction,
    commit included: the rows each table of `database` has that the twin lacks, read back
    beforehand as the same Python values the import wrote."""
    batches: list[tuple[str, list[tuple[object, ...]]]] = []
    with (
        psycopg.connect(f"{SERVER}/{database}", autocommit=True) as source,
        psycopg.connect(f"{SERVER}/{twin}", autocommit=True) as into,
    ):
        for table in tables:
            there = {row[0] for row in into.execute(f'SELECT id FROM "{table}"')}  # noqa: S608 - our own table name
            fetched = source.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608 - our own table name
            batches.append(
                (
                    table,
                    [
                        tuple(Jsonb(v) if isinstance(v, dict | list) else v for v in row)
                        for row in fetched
                        if row[0] not in there
                    ],
                )
            )
        start = time.perf_counter()
        with into.transaction():
            for table, values in batches:
                with into.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
                    for row in values:
                        copy.write_row(row)
        seconds = time.perf_counter() - start
    return sum(len(values) for _, values in batches), seconds


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument(
        "--chunk-size", type=int, default=None, help="records a chunk (the import's own default)"
    )
    args = parser.parse_args()
    var_dir = Path(os.environ.get("LINKWORK_VAR_DIR", "var")).resolve() / "bench" / "import"
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = fresh_database(var_dir, DATABASE)
    os.environ["LINKWORK_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")
    # As a worker runs in production: with DEBUG on, Django keeps the text of the last 9,000
    # queries (each chunk's bulk inserts among them), which the peak memory would count.
    os.environ.setdefault("DEBUG", "false")

    import django

    django.setup()
    # Imported once Django is set up: it reads the models.
    from linkwork.bench.import_speed_run import bench_world, timed_import, timed_reversal

    world = bench_world()
    from django.db import connections

    connections.close_all()
    twin = f"{DATABASE}_twin"
    twin_database(DATABASE, twin)
    numbers = nhs_numbers(2 * args.rows)
    export = var_dir / "caseload.csv"
    _export(export, args.rows, numbers=numbers[: args.rows])
    timed = timed_import(world, export, args.chunk_size)
    check_seconds, import_seconds = timed["check_seconds"], timed["import_seconds"]
    before_mib, peak_mib = timed["before_mib"], _peak_mib()

    with psycopg.connect(f"{SERVER}/{DATABASE}", autocommit=True) as conn:
        written = sum(
            conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]  # noqa: S608 - our own table names
            for table in TABLES
        )
    # The run's own row too, which the records name (one row more, for the ratio's sake).
    same_rows, same_seconds = copy_into_twin(["imports_importrun", *TABLES], DATABASE, twin)
    bare_rows, bare_seconds = bare_copy(TABLES, DATABASE)
    import_rate = written / import_seconds
    bare_rate = bare_rows / bare_seconds

    # The same volume again, messy, into the same scheme under ids and numbers of its own (so
    # nothing matches the clean run's records), after it: the tables are already full.
    dirty_export, rejects = var_dir / "caseload-dirty.csv", var_dir / "caseload-dirty-rejects.csv"
    rejects.unlink(missing_ok=True)
    _export(dirty_export, args.rows, numbers=numbers[args.rows :], dirty=True, prefix="D")
    dirty = timed_import(world, dirty_export, args.chunk_size, skip_invalid=True, rejects=rejects)
    dirty_seconds = dirty["import_seconds"]
    # Reversing the clean import: everything it created goes, in one transaction.
    reversal = timed_reversal(world, timed["run_id"])
    results = {
        "source_rows": args.rows,
        "chunk_records": int(timed["chunk_records"]),
        "records_created": int(timed["created"]),
        "table_rows_written": written,
        "check_seconds": round(check_seconds, 2),
        "import_seconds_end_to_end": round(import_seconds, 2),
        "import_table_rows_per_second": round(import_rate),
        "import_source_rows_per_second": round(args.rows / import_seconds),
        "same_tables_copy_rows": same_rows,
        "same_tables_copy_seconds": round(same_seconds, 2),
        "same_tables_copy_rows_per_second": round(same_rows / same_seconds),
        # The same rows both ways: the ratio of rates is that of times.
        "import_vs_same_tables_copy": round(same_seconds / import_seconds, 3),
        "bare_copy_rows": bare_rows,
        "bare_copy_seconds": round(bare_seconds, 2),
        "bare_copy_rows_per_second": round(bare_rate),
        "import_vs_bare_copy": round(import_rate / bare_rate, 3),
        "dirty_source_rows": args.rows,
        "dirty_problems": int(dirty["problems"]),
        "dirty_rows_rejected": int(dirty["rejected"]),
        "dirty_records_created": int(dirty["created"]),
        "dirty_check_seconds": round(dirty["check_seconds"], 2),
        "dirty_import_seconds_end_to_end": round(dirty_seconds, 2),
        "dirty_source_rows_per_second": round(args.rows / dirty_seconds),
        "dirty_vs_clean_seconds": round(dirty_seconds / import_seconds, 3),
        "reversal_records_removed": int(reversal["removed"]),
        "reversal_seconds": round(reversal["reversal_seconds"], 2),
        "reversal_vs_import_seconds": round(reversal["reversal_seconds"] / import_seconds, 3),
        "peak_memory_mib": round(peak_mib, 1),
        "peak_memory_before_import_mib": round(before_mib, 1),
    }
    print(json.dumps(results, indent=2))
    (var_dir.parent / "import.json").write_text(json.dumps(results, indent=2))
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'DROP DATABASE IF EXISTS "{twin}" WITH (FORCE)')


if __name__ == "__main__":
    main()
