"""Reversing an import: the records it created are removed, children before parents, in one
transaction, while nothing else refers to them. A session a link worker added afterwards to
an imported referral, say, blocks the reversal, and the message names what blocks it.

From the pages a reversal is marked (`import_reversal_mark`) and done by the background
worker (`imports.jobs`): removing a scheme's history can take longer than a web request may.
People it matched to existing records stay; records it updated keep their new values (the
import recorded no earlier values to put back)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

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

__all__ = [
    "REVERSAL_INTERRUPTED",
    "import_reversal_fail",
    "import_reversal_mark",
    "import_run_reverse",
]

# Children first, so each delete finds nothing of this import still pointing at its rows.
_DELETE_ORDER = ("financial_gain", "connection", "questionnaire", "session", "referral", "person")
# Ids per DELETE: a national year's import is millions of ids, past what one statement takes.
_DELETE_BATCH = 5000
# What the people using linkwork call the records that can block a reversal.
_WORDS = {
    "encounter": ("session", "sessions"),
    "administration": ("questionnaire", "questionnaires"),
    "referral": ("referral", "referrals"),
    "referral event": ("timeline entry", "timeline entries"),
    "connection": ("connection", "connections"),
    "financial gain": ("financial gain", "financial gains"),
    "person": ("person", "people"),
}
_KIND_PLURAL = {
    "financial_gain": "financial gains",
    "connection": "connections",
    "questionnaire": "questionnaires",
    "session": "sessions",
    "referral": "referrals",
    "person": "people",
}
REVERSAL_INTERRUPTED = (
    "The reversal stopped before it finished (its process ended), so nothing was removed. "
    "Reverse the import again."
)


def _words(obj: Model) -> tuple[str, str]:
    name = str(obj._meta.verbose_name)
    return _WORDS.get(name, (name, str(obj._meta.verbose_name_plural)))


def _blocker(kind: str, exc: ProtectedError) -> str:
    counts = Counter(_words(obj) for obj in exc.protected_objects)
    parts = [
        f"{count} {singular if count == 1 else plural}"
        for (singular, plural), count in sorted(counts.items())
    ]
    verb = "refers" if sum(counts.values()) == 1 else "refer"
    return (
        f"This import cannot be reversed: {', '.join(parts)} added since it was imported "
        f"{verb} to {_KIND_PLURAL[kind]} it created. Remove those first, or leave the import "
        "in place."
    )


def _batches(ids: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(ids), _DELETE_BATCH):
        yield ids[start : start + _DELETE_BATCH]


def _refuse_unless_reversible(run: ImportRun) -> None:
    if run.status == ImportRun.Status.REVERSED:
        raise DomainError("This import has already been reversed.", code="import_reversed")
    if not run.reversible:
        raise DomainError(
            "Only a finished import that wrote records can be reversed; this one is "
            f"{run.get_status_display().lower()}.",
            code="import_not_finished",
        )


def import_reversal_mark(*, run: ImportRun, actor: User) -> bool:
    """Mark `run` to be reversed by the background worker; whether it was newly marked (a
    reversal already asked for is left as it is). Raises DomainError, changing nothing, when
    it cannot be reversed."""
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status == ImportRun.Status.REVERSING:
            return False
        _refuse_unless_reversible(locked)
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.REVERSING,
            status_before_reversal=locked.status,
            reversed_by=actor,
            reversal_error="",
            worker="",
            step="Waiting to start the reversal",
            updated_at=timezone.now(),
        )
        audit_run(run, actor, AuditEvent.Action.UPDATE, reversal="requested")
    return True


def import_reversal_fail(*, run: ImportRun, reason: str) -> None:
    """Put a reversal that could not finish back where it was, saying why."""
    ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.REVERSING).update(
        status=run.status_before_reversal or ImportRun.Status.DONE,
        reversal_error=reason,
        reversed_by=None,
        worker="",
        step="",
        updated_at=timezone.now(),
    )


def import_run_reverse(*, run: ImportRun, actor: User, queued: bool = False) -> dict[str, int]:
    """Remove what `run` created. Raises DomainError, changing nothing, when the run is not
    finished or when anything not from this import refers to what it created. `queued` is
    the background worker doing a reversal asked for on the pages."""
    removed: dict[str, int] = {}
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if not (queued and locked.status == ImportRun.Status.REVERSING):
            _refuse_unless_reversible(locked)
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
            removed[kind] = 0
            for ids in _batches(created[kind]):
                if kind == "referral":
                    ReferralEvent.objects.filter(
                        referral_id__in=ids, data__import_run=str(run.pk)
                    ).delete()
                try:
                    count, _ = MODELS[kind]._default_manager.filter(pk__in=ids).delete()
                except ProtectedError as exc:
                    raise DomainError(_blocker(kind, exc), code="import_in_use") from exc
                removed[kind] += count
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.REVERSED,
            reversed_by=actor,
            reversed_at=timezone.now(),
            reversal_error="",
            step="Reversed",
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
