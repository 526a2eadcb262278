"""Reversing an import: the records it created are removed, children before parents, in one
transaction, while nothing else refers to them. A session a link worker added afterwards to
an imported referral, say, blocks the reversal, and the message names what blocks it.

People it matched to existing records stay; records it updated keep their new values (the
import recorded no earlier values to put back)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record_list
from linkwork.core.errors import DomainError
from linkwork.episodes.models import ReferralEvent
from linkwork.imports.models import ImportedRecord, ImportRun
from linkwork.imports.scheme_write import MODELS
from linkwork.imports.services import audit_run

__all__ = ["import_run_reverse"]

# Children first, so each delete finds nothing of this import still pointing at its rows.
_DELETE_ORDER = ("financial_gain", "connection", "questionnaire", "session", "referral", "person")


def _blocker(kind: str, exc: ProtectedError) -> str:
    blocking = sorted({_describe(obj) for obj in exc.protected_objects})
    shown = "; ".join(blocking[:3]) + ("; ..." if len(blocking) > 3 else "")
    return (
        f"This import cannot be reversed: records added since refer to {kind.replace('_', ' ')}s "
        f"it created ({shown}). Remove those first, or leave the import in place."
    )


def _describe(obj: Model) -> str:
    return f"{obj._meta.verbose_name} {obj}"


def import_run_reverse(*, run: ImportRun, actor: User) -> dict[str, int]:
    """Remove what `run` created. Raises DomainError, changing nothing, when the run is not
    finished or when anything not from this import refers to what it created."""
    if run.status not in (ImportRun.Status.DONE, ImportRun.Status.FAILED):
        raise DomainError(
            f"Only a finished import can be reversed; this one is {run.get_status_display()}.",
            code="import_not_finished",
        )
    removed: dict[str, int] = {}
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status == ImportRun.Status.REVERSED:
            raise DomainError("This import has already been reversed.", code="import_reversed")
        records = ImportedRecord.objects.filter(import_run=run)
        created = {
            kind: list(
                records.filter(kind=kind, action=ImportedRecord.Action.CREATED).values_list(
                    "object_id", flat=True
                )
            )
            for kind in _DELETE_ORDER
        }
        people = [
            (pk, run.scheme_id)
            for pk in records.values_list("person_id", flat=True).distinct()
            if pk is not None
        ]
        # The source ids go first: they point at the people being removed.
        records.delete()
        for kind in _DELETE_ORDER:
            ids = created[kind]
            if kind == "referral":
                ReferralEvent.objects.filter(
                    referral_id__in=ids, data__import_run=str(run.pk)
                ).delete()
            try:
                count, _ = MODELS[kind]._default_manager.filter(pk__in=ids).delete()
            except ProtectedError as exc:
                raise DomainError(_blocker(kind, exc), code="import_in_use") from exc
            removed[kind] = count
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.REVERSED, reversed_by=actor, reversed_at=timezone.now()
        )
        audit_run(run, actor, AuditEvent.Action.UPDATE, reversed=removed)
        if people:
            audit_record_list(
                actor=actor,
                object_type="person",
                rows=people,
                detail={"import_run": str(run.pk), "reversed": True},
                action=AuditEvent.Action.UPDATE,
            )
    return removed
