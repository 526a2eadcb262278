"""Importing a scheme's export into the scheme: check it (the dry run), then write it in
committed chunks, and reverse an import while nothing else refers to what it created.

The same pipeline as the offline package reads, maps and checks every file, and the
scheme's own rules are checked on top, before anything is written: a file with problems
writes nothing unless the valid rows are asked for (`skip_invalid`)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record
from linkwork.core.copy_insert import refresh_statistics
from linkwork.core.heap import collector_paused
from linkwork.evaluation.jobs import _worker_gone, this_worker
from linkwork.imports.checking import SchemeCheck, checked_export, scheme_check
from linkwork.imports.chunk_pipeline import ProgressFn, write_chunks
from linkwork.imports.harmonise.partition import PART_BYTES
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import Profile
from linkwork.imports.harmonise.rejects import rejection_list, write_rejects
from linkwork.imports.models import ImportRun
from linkwork.imports.scheme_write import (
    WRITTEN_MODELS,
    Group,
    SchemeWriter,
    chunks,
    groups_of,
)
from linkwork.organisations.models import Scheme

__all__ = [
    "CHUNK_RECORDS",
    "SchemeCheck",
    "audit_run",
    "file_checksums",
    "import_run_create",
    "import_run_execute",
    "interrupted_runs_fail",
    "scheme_check",
]

# Records per committed chunk: small enough that a stopped run loses little (a few seconds'
# work) and memory stays small, large enough that each chunk's fixed cost (a statement per
# table, the audit, the run's counts, a commit) is spread: 2,000 spent a third more time.
CHUNK_RECORDS = 10_000
# The import's first step, before anything is written (the upload's dry run may be stale).
CHECKING_AGAIN = "Checking every row again before writing"
# The share of the import's progress bar its check fills; the writing fills the rest. The
# check is about a fifth of a large import's time (`make bench-import`), and one bar that only
# moves forward reads better than two that each run from 0 to 100.
CHECK_SHARE = 20
# An import this large (a scheme's history) reshapes its tables for the query planner.
REFRESH_STATISTICS_AFTER = 1000


def audit_run(run: ImportRun, actor: User | None, action: str, **detail: object) -> None:
    """One event on the import itself: its files, status or counts, never a row. No actor
    is the system (housekeeping)."""
    audit_record(
        actor=actor,
        action=action,
        object_type="import_run",
        object_id=run.pk,
        scheme_id=run.scheme_id,
        detail=detail,
    )


def file_checksums(paths: Sequence[Path]) -> tuple[list[dict[str, str]], str]:
    files = []
    for path in paths:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        files.append({"name": path.name, "sha256": digest.hexdigest()})
    combined = hashlib.sha256("".join(f["sha256"] for f in files).encode()).hexdigest()
    return files, combined


def import_run_create(
    *,
    scheme: Scheme,
    actor: User,
    profile: Profile,
    paths: Sequence[Path],
    skip_invalid: bool,
    profile_definition: dict[str, Any] | None = None,
    upload_dir: str = "",
    checking: bool = False,
) -> ImportRun:
    """Record a run of these files, not yet imported; `checking`: its files are still to be
    checked by the background worker (an upload from the pages)."""
    interrupted_runs_fail(scheme_id=scheme.pk)
    files, checksum = file_checksums(paths)
    run = ImportRun.objects.create(
        scheme=scheme,
        requested_by=actor,
        profile_name=profile.name,
        profile_definition=profile_definition,
        files=files,
        checksum=checksum,
        skip_invalid=skip_invalid,
        upload_dir=upload_dir,
        status=ImportRun.Status.CHECKING if checking else ImportRun.Status.UPLOADED,
    )
    audit_run(run, actor, AuditEvent.Action.CREATE, files=files, profile=profile.name)
    return run


INTERRUPTED = (
    "The import stopped part-way (its process ended) after {done} of {total} part(s); what "
    "those parts wrote is kept. Import the same files again to finish it: what is already "
    "written is recognised and skipped."
)


def interrupted_runs_fail(*, scheme_id: Any = None) -> int:
    """Mark failed, with the reason, each run whose process died while it was importing.
    Called when a worker starts and before each new import."""
    runs = ImportRun.objects.filter(status=ImportRun.Status.RUNNING)
    if scheme_id is not None:
        runs = runs.filter(scheme_id=scheme_id)
    failed = 0
    for run in runs:
        if _worker_gone(run.worker, run.updated_at):
            _finish(
                run,
                ImportRun.Status.FAILED,
                error=INTERRUPTED.format(done=run.chunks_done, total=run.chunks_total),
            )
            failed += 1
    return failed


# How long an import waits for another into the same scheme to finish, and how often it looks.
WAIT_FOR_SCHEME_SECONDS = 3600.0
LOOK_EVERY_SECONDS = 2.0
BUSY = (
    "Another import into this scheme (of {files}) was still running after an hour, so this "
    "one did not start and wrote nothing. Import the files again once it has finished."
)


def _claim(run: ImportRun) -> ImportRun | None:
    """Start `run` unless another import into its scheme is running (answered): two imports
    of one export at once would each write what the other is writing."""
    with transaction.atomic():
        # Holds other starts into this scheme until this one is marked running (on SQLite the
        # write transaction itself does).
        Scheme.objects.select_for_update().filter(pk=run.scheme_id).exists()
        for other in ImportRun.objects.filter(
            scheme_id=run.scheme_id, status=ImportRun.Status.RUNNING
        ).exclude(pk=run.pk):
            if not _worker_gone(other.worker, other.updated_at):
                return other
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.RUNNING,
            worker=this_worker(),
            attempts=F("attempts") + 1,
            started_at=timezone.now(),
            step=CHECKING_AGAIN,
            updated_at=timezone.now(),
        )
    return None


def _wait_for_scheme(run: ImportRun) -> None:
    """Wait (saying so on the run's page) while another import into the scheme runs; after
    WAIT_FOR_SCHEME_SECONDS, fail the run with the reason, writing nothing."""
    deadline = time.monotonic() + WAIT_FOR_SCHEME_SECONDS
    while (other := _claim(run)) is not None:
        if time.monotonic() >= deadline:
            error = BUSY.format(files=", ".join(other.file_names))
            _finish(run, ImportRun.Status.FAILED, error=error)
            raise ImportInputError(error, code="scheme_busy")
        ImportRun.objects.filter(pk=run.pk).update(
            worker=this_worker(),
            step="Waiting for another import into this scheme to finish",
            updated_at=timezone.now(),
        )
        time.sleep(LOOK_EVERY_SECONDS)


def _set_progress(run: ImportRun) -> ProgressFn:
    def progress(percent: int, step: str) -> None:
        ImportRun.objects.filter(pk=run.pk).update(
            progress=percent, step=step[:100], updated_at=timezone.now()
        )

    return progress


def import_run_execute(
    *,
    run: ImportRun,
    profile: Profile,
    paths: Sequence[Path],
    rejects_path: Path | None = None,
    chunk_records: int = CHUNK_RECORDS,
    part_bytes: int = PART_BYTES,
) -> ImportRun:
    """Check the files and write them into the run's scheme, chunk by chunk. Raises
    ImportInputError (writing nothing) for an unreadable file, or for problems without
    `skip_invalid`; the run is then marked failed with the reason."""
    with collector_paused():
        return _execute(
            run=run,
            profile=profile,
            paths=paths,
            rejects_path=rejects_path,
            chunk_records=chunk_records,
            part_bytes=part_bytes,
        )


def _record_check(run: ImportRun, check: SchemeCheck) -> None:
    """What the check found, kept on the run before anything is written, so that its page
    lists the rows left out (and why) whether the import then goes ahead or is refused."""
    report, reasons = check.report, check.reasons
    ImportRun.objects.filter(pk=run.pk).update(
        rows_read=check.rows_read(),
        rejected=len(reasons),
        rejections=rejection_list(report.problems, reasons),
        problem_counts=dict(report.counts()),
        chunks_total=check.chunks_total(),
        # What the check noted (a practice the scheme does not serve, an encoding) stays on
        # the run's page after the import, with the records' own notes after it.
        notes=[{"kind": "check", "text": note} for note in check.notes],
    )


def _refuse_or_reject(run: ImportRun, check: SchemeCheck, rejects_path: Path | None) -> None:
    problems = len(check.report.problems)
    if problems and not run.skip_invalid:
        raise ImportInputError(
            f"{problems} problem(s) found; nothing was written. Fix them, or import the file "
            "again, choosing to import the valid rows only (the rest are rejected with "
            "reasons).",
            code="has_problems",
        )
    reasons = check.reasons
    if reasons and rejects_path is not None:
        if rejects_path.exists():
            raise ImportInputError(
                f"{rejects_path} already exists; move it, or give another rejects file.",
                code="rejects_exists",
            )
        write_rejects(rejects_path, check.sources(), reasons)


def _execute(
    *,
    run: ImportRun,
    profile: Profile,
    paths: Sequence[Path],
    rejects_path: Path | None,
    chunk_records: int,
    part_bytes: int,
) -> ImportRun:
    progress = _set_progress(run)
    _wait_for_scheme(run)
    with ExitStack() as stack:
        try:
            check = stack.enter_context(
                checked_export(
                    scheme=run.scheme,
                    profile=profile,
                    paths=paths,
                    chunk_records=chunk_records,
                    part_bytes=part_bytes,
                    progress=lambda done, total: progress(
                        CHECK_SHARE * done // total, CHECKING_AGAIN
                    ),
                    keep=True,
                )
            )
            _record_check(run, check)
            _refuse_or_reject(run, check, rejects_path)
        except ImportInputError as exc:
            _finish(run, ImportRun.Status.FAILED, error=exc.message)
            raise
        writer = SchemeWriter(
            run=run, scheme=run.scheme, user=run.requested_by, source_system=profile.name
        )

        def planned() -> Iterator[list[Group]]:
            for checked in check.parts():
                writer.take(checked, checked.scored)
                yield from chunks(groups_of(checked), chunk_records)

        write_chunks(
            writer,
            planned(),
            lambda percent, step: progress(
                CHECK_SHARE + (100 - CHECK_SHARE) * percent // 100, step
            ),
            total=check.chunks_total(),
        )
    _finish(run, ImportRun.Status.DONE)
    run.refresh_from_db()
    if run.created >= REFRESH_STATISTICS_AFTER:
        refresh_statistics(*WRITTEN_MODELS)
    audit_run(
        run,
        run.requested_by,
        AuditEvent.Action.UPDATE,
        status=run.status,
        created=run.created,
        updated=run.updated,
        skipped=run.skipped,
        rejected=run.rejected,
    )
    return run


def _finish(run: ImportRun, status: str, *, error: str = "") -> None:
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=status,
            error=error,
            finished_at=timezone.now(),
            progress=100 if status == ImportRun.Status.DONE else F("progress"),
            step="Done" if status == ImportRun.Status.DONE else "Stopped",
        )
