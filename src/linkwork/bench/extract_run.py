"""The measurement behind `make bench-extract` (see linkwork.bench.extract_speed), imported
once Django is set up on the database holding the world."""

from __future__ import annotations

import resource
import time
from pathlib import Path

from linkwork.evaluation.dataset.extract import ExportFilters, extract
from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser


def run(*, write: Path | None) -> None:
    # A fixed key, so two runs on one world give the same tokens and can be compared.
    pseudonymiser = Pseudonymiser(b"bench-extract-fixed-key-32-bytes")
    wall, cpu = time.perf_counter(), time.process_time()
    data = extract(ExportFilters(), pseudonymiser=pseudonymiser)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # ru_maxrss is in kilobytes on Linux.
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    for name, table in sorted(data.tables.items()):
        print(f"{name:<24} {table.height:>12,} rows")
        if write:
            write.mkdir(parents=True, exist_ok=True)
            table.write_parquet(write / f"{name}.parquet")
    print(f"schemes                  {len(data.scheme_ids):>12,}")
    print(f"extract wall {wall:.1f} s   cpu {cpu:.1f} s   peak memory {peak_gb:.2f} GB")
