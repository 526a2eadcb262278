"""`make bench-package`: package a generated case-management export of `--rows` referrals
offline (`linkwork import package`, no database) in a process of its own, and report its time
and peak memory, for exports of growing size: memory should stay flat as the file grows.

Figures are printed and written to var/bench/package.json; never pass or fail."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from linkwork.bench.import_speed import _export
from linkwork.testing.nhs_numbers import nhs_numbers


def _package(export: Path, out: Path) -> dict[str, float]:
    """One `linkwork import package` in a child process: its own wall time and peak memory
    (the largest resident size of any child so far, so sizes are run smallest first)."""
    shutil.rmtree(out, ignore_errors=True)
    out.with_name(f"{out.name}-rejects.csv").unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "linkwork", "import", "package", "--profile",
         "case-management", str(export), "--out", str(out), "--skip-invalid"],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "peak_memory_mib": round(peak, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, nargs="+", default=[20_000, 100_000], help="referrals, ascending"
    )
    args = parser.parse_args()
    var_dir = Path(os.environ.get("LINKWORK_VAR_DIR", "var")).resolve() / "bench"
    work = var_dir / "package"
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for rows in sorted(args.rows):
        export = work / "caseload.csv"
        _export(export, rows, numbers=nhs_numbers(rows))
        figures = _package(export, work / "package")
        results.append({"referrals": rows, "file_mb": round(export.stat().st_size / 1e6, 1)})
        results[-1].update(figures)
        print(json.dumps(results[-1]), flush=True)
    (var_dir / "package.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
