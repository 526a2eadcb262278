"""Reads for the import pages: a scheme's past imports, and an uploaded import's preview
and dry-run report (as the background worker's check of its files left them)."""

from __future__ import annotations

from functools import cache

from django.db.models import QuerySet

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.imports.dry_run import Preview, dry_run_load
from linkwork.imports.harmonise.profile import load_profile, shipped_profiles
from linkwork.imports.models import ImportRun
from linkwork.imports.services import audit_run
from linkwork.organisations.models import Scheme

__all__ = ["DRY_RUN_MISSING", "Preview", "import_preview", "import_runs", "profile_title"]

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


@cache
def _shipped_titles() -> dict[str, str]:
    profiles = [load_profile(str(path)) for path in shipped_profiles()]
    return {profile.name: profile.title for profile in profiles}


def profile_title(*, run: ImportRun) -> str:
    """The title of the run's profile, as the upload form lists it ("Case management
    export"), not its name; an uploaded profile's own title."""
    definition = run.profile_definition
    if isinstance(definition, dict) and definition.get("title"):
        return str(definition["title"])
    return _shipped_titles().get(run.profile_name, run.profile_name)
