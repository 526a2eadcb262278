"""`make bench-extract`: the common dataset's bulk extract of every scheme, timed on the world
already in DATABASE_URL (built beforehand, e.g. by `linkwork demo --scale 0.1national`).

    DATABASE_URL=postgres://... python -m linkwork.bench.extract_speed [--write DIR]

Prints wall and processor time, the peak memory of the process and each table's rows.
`--write DIR` also writes each table as Parquet, so two versions of the code can be compared
table by table on the same world. Figures, never pass or fail; not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, help="Write each table as Parquet into DIR.")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database holding the world to extract.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linkwork.config.settings.local")
    import django

    django.setup()
    # Imported once Django is set up: the extract reads models at import time.
    from linkwork.evaluation.dataset.extract import ExportFilters, extract
    from linkwork.evaluation.dataset.pseudonymise import Pseudonymiser

    # A fixed key, so two runs on one world give the same tokens and can be compared.
    pseudonymiser = Pseudonymiser(b"bench-extract-fixed-key-32-bytes")
    wall, cpu = time.perf_counter(), time.process_time()
    data = extract(ExportFilters(), pseudonymiser=pseudonymiser)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # ru_maxrss is in kilobytes on Linux.
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    for name, table in sorted(data.tables.items()):
        print(f"{name:<24} {table.height:>12,} rows")
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            table.write_parquet(args.write / f"{name}.parquet")
    print(f"schemes                  {len(data.scheme_ids):>12,}")
    print(f"extract wall {wall:.1f} s   cpu {cpu:.1f} s   peak memory {peak_gb:.2f} GB")


if __name__ == "__main__":
    main()
