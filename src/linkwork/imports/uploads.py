"""Files uploaded for an import: kept under the var directory (never in the database) until
the import ends or is discarded, with the profile chosen or uploaded."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.core.errors import DomainError
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import (
    MAX_PROFILE_BYTES,
    Profile,
    load_profile,
    parse_profile_text,
)
from linkwork.imports.harmonise.reading import has_rows
from linkwork.imports.jobs import import_check_start, remove_upload, upload_root
from linkwork.imports.models import ImportRun
from linkwork.imports.services import audit_run, import_run_create
from linkwork.organisations.models import Scheme

__all__ = ["abandoned_uploads_discard", "import_discard", "import_upload"]

MAX_FILES = 10
# Hours an upload nobody imports keeps its files (people's records) on the server.
KEEP_UPLOADS_HOURS = 24
ABANDONED = "Discarded with its files: not imported within {hours} hours of the upload."


def _profile(name: str, uploaded: UploadedFile | None) -> tuple[Profile, dict[str, Any] | None]:
    if uploaded is None:
        if not name:
            raise ImportInputError(
                "Choose one of the shipped profiles, or upload your own profile file.",
                code="no_profile",
            )
        return load_profile(name), None
    if (uploaded.size or 0) > MAX_PROFILE_BYTES:
        raise ImportInputError(
            f"The profile {uploaded.name} is larger than {MAX_PROFILE_BYTES:,} bytes.",
            code="profile_invalid",
        )
    try:
        text = uploaded.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportInputError(
            f"The profile {uploaded.name} is not UTF-8 text ({exc}); save it as UTF-8.",
            code="profile_invalid",
        ) from exc
    return parse_profile_text(text, source=str(uploaded.name))


def _refuse_nothing_to_import(profile: Profile, paths: Sequence[Path]) -> None:
    """An export with headings but no rows would be offered for import and write nothing:
    say so at once. One empty file among several is fine (a period with no sessions).
    Every file is looked at, so a picture given as a CSV is refused here too."""
    sheets = tuple(profile.sheets.values()) or (profile.sheet,)
    with_rows = [has_rows(path, kind=profile.kind, sheets=sheets) for path in paths]
    if any(with_rows):
        return
    if len(paths) == 1:
        what = f"{paths[0].name} has a header but no rows to import"
    else:
        what = f"None of the files has rows to import ({', '.join(p.name for p in paths)})"
    if profile.sheets:
        what += f" on the sheets the profile reads ({', '.join(sheets)})"
    raise ImportInputError(
        f"{what}; export the data again with its rows (check the report's dates and "
        "filters), or choose the file that holds them.",
        code="no_rows",
    )


def import_upload(
    *,
    scheme: Scheme,
    actor: User,
    files: Sequence[UploadedFile],
    profile_name: str,
    profile_file: UploadedFile | None,
    skip_invalid: bool,
) -> ImportRun:
    """Keep the files and record the run, not yet imported, and queue their dry run. Raises
    ImportInputError, keeping nothing, for no files, too many, two with one name, a profile
    that does not load, files with no rows to import, or a binary file given as a CSV."""
    if not files:
        raise ImportInputError("Choose at least one file to import.", code="no_files")
    if len(files) > MAX_FILES:
        raise ImportInputError(f"Import at most {MAX_FILES} files at once.", code="too_many")
    names = [Path(str(f.name)).name for f in files]
    if len(set(names)) != len(names) or not all(names):
        raise ImportInputError(
            "Two files have the same name; rename one so problems can name the file.",
            code="duplicate_file",
        )
    profile, definition = _profile(profile_name, profile_file)
    root = upload_root()
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root))
    try:
        paths = []
        for upload, name in zip(files, names, strict=True):
            path = folder / name
            with path.open("wb") as out:
                for block in upload.chunks():
                    out.write(block)
            paths.append(path)
        _refuse_nothing_to_import(profile, paths)
        run = import_run_create(
            scheme=scheme,
            actor=actor,
            profile=profile,
            paths=paths,
            skip_invalid=skip_invalid,
            profile_definition=definition,
            upload_dir=str(folder),
            checking=True,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    # The dry run reads every row: the background worker does it, never the request.
    return import_check_start(run=run)


def import_discard(*, run: ImportRun, actor: User) -> ImportRun:
    """Drop an upload that never wrote anything (not started, or failed before its first
    chunk), with its files. Refused once it has started or written (a page left open from
    before), so no one is told it was discarded when it was imported."""
    never_written = Q(status__in=(ImportRun.Status.CHECKING, ImportRun.Status.UPLOADED)) | Q(
        status=ImportRun.Status.FAILED, chunks_done=0
    )
    discarded = ImportRun.objects.filter(never_written, pk=run.pk).update(
        status=ImportRun.Status.DISCARDED, step="", progress=0, finished_at=timezone.now()
    )
    if not discarded:
        run.refresh_from_db()
        if run.status == ImportRun.Status.DISCARDED:
            return run
        advice = " To undo it, reverse it on this page." if run.reversible else ""
        raise DomainError(
            f"This upload can no longer be discarded: it is {run.get_status_display().lower()}."
            f"{advice}",
            code="import_started",
        )
    remove_upload(run)
    audit_run(run, actor, AuditEvent.Action.UPDATE, status="discarded")
    run.refresh_from_db()
    return run


def abandoned_uploads_discard() -> str:
    """Discard, with their files, uploads nobody imported or discarded within
    LINKWORK_IMPORT_UPLOADS_KEEP_HOURS, and remove folders under the uploads directory that no
    run holds (a process that died while saving an upload): an export of people's records is
    not left on the server. A periodic job of the background worker; safe to run twice."""
    hours = int(getattr(settings, "LINKWORK_IMPORT_UPLOADS_KEEP_HOURS", KEEP_UPLOADS_HOURS))
    cutoff = timezone.now() - dt.timedelta(hours=hours)
    waiting = (ImportRun.Status.CHECKING, ImportRun.Status.UPLOADED)
    stale = ImportRun.objects.filter(status__in=waiting, updated_at__lt=cutoff)
    discarded = 0
    for run in stale:
        reason = ABANDONED.format(hours=hours)
        if ImportRun.objects.filter(pk=run.pk, status__in=waiting).update(
            status=ImportRun.Status.DISCARDED, step=reason[:100], finished_at=timezone.now()
        ):
            remove_upload(run)
            audit_run(run, None, AuditEvent.Action.UPDATE, status="discarded", reason=reason)
            discarded += 1
    root = upload_root()
    orphans = 0
    if root.is_dir():
        held = {
            Path(folder)
            for folder in ImportRun.objects.filter(
                status__in=(
                    ImportRun.Status.CHECKING,
                    ImportRun.Status.UPLOADED,
                    ImportRun.Status.QUEUED,
                    ImportRun.Status.RUNNING,
                )
            ).values_list("upload_dir", flat=True)
        }
        old = time.time() - hours * 3600
        for folder in root.iterdir():
            if folder.is_dir() and folder not in held and folder.stat().st_mtime < old:
                shutil.rmtree(folder, ignore_errors=True)
                orphans += 1
    return f"Discarded {discarded} upload(s) not imported and {orphans} unheld folder(s)."
