"""The Django half of `make bench-import` (loaded once Django is set up): a small world whose
scheme takes SWEMWBS, then the dry run and the import of an export, timed."""

from __future__ import annotations

import resource
import time
import uuid
from pathlib import Path
from typing import Any

from linkwork.accounts.roles import Role
from linkwork.imports.harmonise.profile import load_profile
from linkwork.imports.models import ImportRun
from linkwork.imports.reversal import import_run_reverse
from linkwork.imports.services import (
    CHUNK_RECORDS,
    import_run_create,
    import_run_execute,
    scheme_check,
)
from linkwork.testing.world import SmallWorld, build_small_world


def bench_world() -> SmallWorld:
    world = build_small_world()
    policy = world.scheme.policy
    policy.outcome_tools = ["swemwbs"]
    policy.save(update_fields=["outcome_tools"])
    return world


def timed_reversal(world: SmallWorld, run_id: uuid.UUID) -> dict[str, float]:
    """Reverse the run with this id (everything it created), timed."""
    run = ImportRun.objects.get(pk=run_id)
    start = time.perf_counter()
    removed = import_run_reverse(run=run, actor=world.users[Role.SCHEME_MANAGER])
    return {"reversal_seconds": time.perf_counter() - start, "removed": sum(removed.values())}


def timed_import(
    world: SmallWorld,
    export: Path,
    chunk_records: int | None,
    *,
    skip_invalid: bool = False,
    rejects: Path | None = None,
) -> dict[str, Any]:
    """The dry run and the import of `export`, timed. A clean export must have no problem;
    with `skip_invalid` the valid rows are imported and the rest written to `rejects`."""
    profile = load_profile("case-management")
    chunk_records = chunk_records or CHUNK_RECORDS
    before_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    start = time.perf_counter()
    check = scheme_check(scheme=world.scheme, profile=profile, paths=[export])
    check_seconds = time.perf_counter() - start
    if check.report and not skip_invalid:
        raise SystemExit("\n".join(check.report.lines()[:5]))
    problems = len(check.report.problems)

    start = time.perf_counter()
    run = import_run_create(
        scheme=world.scheme,
        actor=world.users[Role.SCHEME_MANAGER],
        profile=profile,
        paths=[export],
        skip_invalid=skip_invalid,
    )
    run = import_run_execute(
        run=run,
        profile=profile,
        paths=[export],
        chunk_records=chunk_records,
        rejects_path=rejects,
    )
    if run.status != run.Status.DONE:
        raise SystemExit(f"The import ended {run.status}: {run.error}")
    return {
        "check_seconds": check_seconds,
        "import_seconds": time.perf_counter() - start,
        "before_mib": before_mib,
        "created": run.created,
        "run_id": run.pk,
        "chunk_records": chunk_records,
        "rejected": run.rejected,
        "problems": problems,
    }
