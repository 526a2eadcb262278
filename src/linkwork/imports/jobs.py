"""Running an import as a background job. The import's own row (ImportRun) is the job the page
polls; the database task queue (django-tasks) is how a worker process gets it. The uploaded
files are kept under the var directory only until the import ends."""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from linkwork.accounts.models import User
from linkwork.core.errors import DomainError
from linkwork.evaluation.jobs import _worker_gone, this_worker
from linkwork.imports.dry_run import Preview, dry_run_save, preview_of_files
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import Profile, load_profile, parse_profile
from linkwork.imports.models import ImportRun
from linkwork.imports.reversal import (
    REVERSAL_INTERRUPTED,
    import_reversal_fail,
    import_reversal_mark,
    import_run_reverse,
)
from linkwork.imports.services import INTERRUPTED, import_run_execute

logger = logging.getLogger(__name__)

# A run interrupted this many times is not tried again: something in it stops the worker.
MAX_ATTEMPTS = 2
REVERSAL_FAILED_UNEXPECTEDLY = (
    "Something went wrong while reversing the import, so nothing was removed. It has been "
    "logged for the system administrator. Try again later."
)
FAILED_UNEXPECTEDLY = (
    "Something went wrong while importing, and it has been logged for the system "
    "administrator. {written} If it happens again with the same file, tell them: importing it "
    "again will not get past the same problem until it is put right."
)
NOTHING_WRITTEN = "Nothing was written."
PARTS_KEPT = "The {done} of {total} parts written before it stopped are kept."


def failed_unexpectedly(*, chunks_done: int, chunks_total: int) -> str:
    """What a run that failed for a reason of our own says: what it left behind, and what to
    do (not "try again": the same file meets the same fault)."""
    written = (
        PARTS_KEPT.format(done=chunks_done, total=chunks_total) if chunks_done else NOTHING_WRITTEN
    )
    return FAILED_UNEXPECTEDLY.format(written=written)


def upload_root() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def run_files(run: ImportRun) -> list[Path]:
    folder = Path(run.upload_dir)
    return [folder / name for name in run.file_names]


def run_profile(run: ImportRun) -> Profile:
    if run.profile_definition is not None:
        return parse_profile(run.profile_definition, source=f"{run.profile_name} (uploaded)")
    return load_profile(run.profile_name)


def remove_upload(run: ImportRun) -> None:
    if run.upload_dir:
        folder = Path(run.upload_dir)
        # Only ever a folder this app made under the var directory.
        if folder.parent == upload_root():
            shutil.rmtree(folder, ignore_errors=True)


CHECK_FAILED_UNEXPECTEDLY = (
    "Something went wrong while checking these files, and it has been logged for the system "
    "administrator. Nothing was written. Discard this upload; if the same files fail again, "
    "tell them."
)


def _check_progress(run_id: uuid.UUID) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.CHECKING).update(
            progress=min(99, 100 * done // max(total, 1)),
            # Not "part N of M": the import's progress counts its committed parts, and a
            # large export's check splits it into other parts.
            step="Checking the files",
            updated_at=timezone.now(),
        )

    return progress


def check_job(run_id: uuid.UUID) -> None:
    """The dry run of an uploaded run's files, kept beside them for its page, after which the
    run waits to be imported (or discarded). Nothing is written to the scheme. A run
    discarded meanwhile is left as it is."""
    run = ImportRun.objects.select_related("scheme").get(pk=run_id)
    if run.status != ImportRun.Status.CHECKING:
        return  # checked already, or discarded: a task delivered twice does the work once
    ImportRun.objects.filter(pk=run_id).update(
        worker=this_worker(), step="Checking the files", updated_at=timezone.now()
    )
    try:
        preview = preview_of_files(
            scheme=run.scheme,
            profile=run_profile(run),
            paths=run_files(run),
            progress=_check_progress(run_id),
        )
    except ImportInputError as exc:
        preview = Preview(error=exc.message)
    except Exception:
        if not Path(run.upload_dir).is_dir():
            return  # discarded while it was checked: its files are gone, and so is the run
        logger.exception("Check of import %s failed", run_id)
        preview = Preview(error=CHECK_FAILED_UNEXPECTEDLY)
    try:
        dry_run_save(run, preview)
    except FileNotFoundError:
        return  # discarded while it was checked
    ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.CHECKING).update(
        status=ImportRun.Status.UPLOADED,
        rows_read=preview.rows_read,
        # Files that cannot be read say so in the list of imports, not only on their page.
        error=preview.error,
        worker="",
        step="",
        progress=0,
        updated_at=timezone.now(),
    )


@task()
def scheme_import_check(run_id: str) -> None:
    """The queued task: the worker checks the uploaded run with this id."""
    check_job(uuid.UUID(run_id))


def _enqueue_check(run_id: uuid.UUID) -> None:
    scheme_import_check.enqueue(str(run_id))


def _start(
    job: Callable[[uuid.UUID], None], enqueue: Callable[[uuid.UUID], None], run_id: uuid.UUID
) -> None:
    """Run the job here where jobs run inline (LINKWORK_RUN_JOBS_INLINE), else queue it once
    the transaction that asked for it commits."""
    if getattr(settings, "LINKWORK_RUN_JOBS_INLINE", False):
        job(run_id)
    else:
        transaction.on_commit(partial(enqueue, run_id))


def import_check_start(*, run: ImportRun) -> ImportRun:
    """Queue the dry run of a run's uploaded files (the run is CHECKING until it is done)."""
    _start(check_job, _enqueue_check, run.pk)
    run.refresh_from_db()
    return run


def run_job(run_id: uuid.UUID) -> None:
    """Import the run's files; failures are recorded on the run, not raised. The files go
    once the import has ended, however it ended."""
    run = ImportRun.objects.select_related("scheme", "requested_by").get(pk=run_id)
    if run.status not in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING):
        return  # already finished: a task delivered twice does the work once
    try:
        import_run_execute(run=run, profile=run_profile(run), paths=run_files(run))
    except ImportInputError:
        pass  # recorded on the run with its message
    except Exception:
        logger.exception("Import %s failed", run_id)
        done, total = ImportRun.objects.values_list("chunks_done", "chunks_total").get(pk=run_id)
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED,
            error=failed_unexpectedly(chunks_done=done, chunks_total=total),
            finished_at=timezone.now(),
        )
    remove_upload(run)


@task()
def scheme_import(run_id: str) -> None:
    """The queued task: the worker imports the run with this id."""
    run_job(uuid.UUID(run_id))


def _enqueue(run_id: uuid.UUID) -> None:
    scheme_import.enqueue(str(run_id))


def import_job_start(*, run: ImportRun) -> ImportRun:
    """Queue the import of an uploaded run; a run already started is left as it is. Raises
    DomainError while its files are still being checked."""
    if run.status == ImportRun.Status.CHECKING:
        raise DomainError(
            "The files are still being checked: import them once the check is done.",
            code="import_checking",
        )
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.UPLOADED).update(
        status=ImportRun.Status.QUEUED, step="Waiting to start", updated_at=timezone.now()
    )
    if updated:
        _start(run_job, _enqueue, run.pk)
    run.refresh_from_db()
    return run


def reversal_job(run_id: uuid.UUID) -> None:
    """Reverse a run marked for reversal; a reversal that cannot be done puts the run back
    as it was, with the reason shown on its page."""
    run = ImportRun.objects.select_related("reversed_by").get(pk=run_id)
    if run.status != ImportRun.Status.REVERSING or run.reversed_by is None:
        return  # done already, or never asked for: a task delivered twice does it once
    ImportRun.objects.filter(pk=run_id).update(
        worker=this_worker(),
        step="Removing the records this import created",
        updated_at=timezone.now(),
    )
    try:
        import_run_reverse(run=run, actor=run.reversed_by, queued=True)
    except DomainError as exc:
        import_reversal_fail(run=run, reason=exc.message)
    except Exception:
        logger.exception("Reversal of import %s failed", run_id)
        import_reversal_fail(run=run, reason=REVERSAL_FAILED_UNEXPECTEDLY)


@task()
def scheme_import_reversal(run_id: str) -> None:
    """The queued task: the worker reverses the run with this id."""
    reversal_job(uuid.UUID(run_id))


def _enqueue_reversal(run_id: uuid.UUID) -> None:
    scheme_import_reversal.enqueue(str(run_id))


def import_reversal_start(*, run: ImportRun, actor: User) -> ImportRun:
    """Ask for `run` to be reversed in the background. Raises DomainError, changing nothing,
    when it cannot be."""
    if import_reversal_mark(run=run, actor=actor):
        _start(reversal_job, _enqueue_reversal, run.pk)
    run.refresh_from_db()
    return run


def import_jobs_recover() -> int:
    """Queue again each import a dead worker left running (what it committed is skipped), or
    fail it with the reason once interrupted MAX_ATTEMPTS times; put back each reversal a
    dead worker left, saying so; check again each upload a dead worker was checking. Called
    when a worker starts."""
    recovered = 0
    for run in ImportRun.objects.filter(status=ImportRun.Status.CHECKING).exclude(worker=""):
        if _worker_gone(run.worker, run.updated_at):
            with transaction.atomic():
                ImportRun.objects.filter(pk=run.pk).update(worker="", step="", progress=0)
                transaction.on_commit(partial(_enqueue_check, run.pk))
            recovered += 1
    # A reversal is one transaction: one that died removed nothing, and is not tried again
    # unasked. One not yet started (no worker) is still in the queue.
    for run in ImportRun.objects.filter(status=ImportRun.Status.REVERSING).exclude(worker=""):
        if _worker_gone(run.worker, run.updated_at):
            import_reversal_fail(run=run, reason=REVERSAL_INTERRUPTED)
            recovered += 1
    # One waiting for another import into its scheme, whose worker died, waits in the queue
    # again (it had written nothing).
    for run in ImportRun.objects.filter(status=ImportRun.Status.QUEUED).exclude(worker=""):
        if _worker_gone(run.worker, run.updated_at):
            with transaction.atomic():
                ImportRun.objects.filter(pk=run.pk).update(worker="", step="Waiting to start")
                transaction.on_commit(partial(_enqueue, run.pk))
            recovered += 1
    for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING).exclude(upload_dir=""):
        if not _worker_gone(run.worker, run.updated_at):
            continue
        if run.attempts >= MAX_ATTEMPTS or not Path(run.upload_dir).is_dir():
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.FAILED,
                error=INTERRUPTED.format(done=run.chunks_done, total=run.chunks_total),
                finished_at=timezone.now(),
            )
            remove_upload(run)
        else:
            with transaction.atomic():
                ImportRun.objects.filter(pk=run.pk).update(
                    status=ImportRun.Status.QUEUED, step="Waiting to start again"
                )
                transaction.on_commit(partial(_enqueue, run.pk))
        recovered += 1
    return recovered
