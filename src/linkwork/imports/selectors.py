"""Reads for the import pages: a scheme's past imports, and an uploaded import's preview
and dry-run report (as the background worker's check of its files left them)."""

from __future__ import annotations

from django.db.models import QuerySet

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.imports.dry_run import Preview, dry_run_load
from linkwork.imports.models import ImportRun
from linkwork.imports.services import audit_run
from linkwork.organisations.models import Scheme

__all__ = ["DRY_RUN_MISSING", "Preview", "import_preview", "import_runs"]

DRY_RUN_MISSING = (
    "The check of these files is no longer here. Discard this upload and upload the files "
    "again to check them."
)


def import_runs(*, schemes: list[Scheme]) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(scheme__in=schemes).select_related("scheme", "requested_by")


def import_preview(*, run: ImportRun, actor: User) -> Preview:
    """The first records as mapped, and every problem by file, row and field, with counts
    per kind, as the background worker's dry run found them. The preview shows source data,
    so reading it is audited."""
    audit_run(run, actor, AuditEvent.Action.VIEW, preview=True)
    preview = dry_run_load(run)
    if preview is None:
        return Preview(error=DRY_RUN_MISSING)
    return preview
