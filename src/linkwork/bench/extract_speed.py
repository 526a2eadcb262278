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
import sys
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
    from linkwork.bench.extract_run import run

    run(write=args.write)


if __name__ == "__main__":
    main()
