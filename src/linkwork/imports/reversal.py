"""Reversing an import: the records it created are removed, children before parents, in one
transaction, while nothing else refers to them. A session a link worker added afterwards to
an imported referral, say, blocks the reversal, and the message names what blocks it.

From the pages a reversal is marked (`import_reversal_mark`) and done by the background
worker (`imports.jobs`): removing a scheme's history can take longer than a web request may.
People it matched to existing records stay; records it updated keep their new values (the
import recorded no earlier values to put back)."""

from __future__ import annotations

import operator
from collections import defaultdict
from functools import reduce
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.db.models import ForeignObjectRel, Model, Q, QuerySet
from django.db.models.deletion import get_candidate_relations_to_delete
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

# Children first: the order a reader of the statements expects (the database checks the
# foreign keys at commit, once every row of the import has gone).
_DELETE_ORDER = ("financial_gain", "connection", "questionnaire", "session", "referral", "person")
# What the people using linkwork call the records that can block a reversal.
_WORDS = {
    "encounter": ("session", "sessions"),
    "administration": ("questionnaire", "questionnaires"),
    "episode event": ("timeline entry", "timeline entries"),
    "imported record": ("record of a later import", "records of later imports"),
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
_KIND_OF = {model: kind for kind, model in MODELS.items()}
REVERSAL_INTERRUPTED = (
    "The reversal stopped before it finished (its process ended), so nothing was removed. "
    "Reverse the import again."
)


def _words(model: type[Model]) -> tuple[str, str]:
    name = str(model._meta.verbose_name)
    return _WORDS.get(name, (name, str(model._meta.verbose_name_plural)))


def _created(run: ImportRun, kind: str) -> QuerySet[ImportedRecord, Any]:
    """The ids of what `run` created of `kind`, as a subquery: no list of ids in Python,
    however large the import."""
    return ImportedRecord.objects.filter(
        import_run=run, kind=kind, action=ImportedRecord.Action.CREATED
    ).values("object_id")


def _own(run: ImportRun, model: type[Model]) -> Q:
    """The rows of `model` this reversal removes itself, so they block nothing."""
    if model in _KIND_OF:
        return Q(pk__in=_created(run, _KIND_OF[model]))
    if model is ImportedRecord:
        return Q(import_run=run)
    if model is ReferralEvent:
        # As a subquery of ids: excluding on a JSON key directly would also pass over every
        # event without that key (NOT of an unknown is unknown in SQL).
        # Events any import wrote go with the referral (a later export may have closed it);
        # a link worker's own do not.
        events = ReferralEvent.objects.filter(
            referral_id__in=_created(run, "referral"), data__has_key="import_run"
        )
        return Q(pk__in=events.values("pk"))
    return Q(pk__in=[])


def _relations(model: type[Model]) -> list[tuple[type[Model], str]]:
    """Each model and foreign key pointing at `model`, hidden ones too (related_name="+"):
    the relations Django's own delete would check."""
    found = []
    for relation in get_candidate_relations_to_delete(model._meta):
        rel = cast(ForeignObjectRel, relation)
        found.append((cast("type[Model]", rel.related_model), rel.field.name))
    return found


def _blockers(run: ImportRun) -> str:
    """Why `run` cannot be reversed (every row outside it that refers to what it created,
    each counted once, in the pages' words), or "" when it can."""
    pointing: dict[type[Model], list[tuple[str, str]]] = defaultdict(list)
    for kind in _DELETE_ORDER:
        for model, field in _relations(MODELS[kind]):
            pointing[model].append((field, kind))
    clauses = []
    for model, relations in pointing.items():
        outside = model._default_manager.exclude(_own(run, model))
        to = {kind: Q(**{f"{field}__in": _created(run, kind)}) for field, kind in relations}
        count = outside.filter(reduce(operator.or_, to.values())).count()
        if not count:
            continue
        kinds = [_KIND_PLURAL[kind] for kind, q in to.items() if outside.filter(q).exists()]
        singular, plural = _words(model)
        clauses.append(
            (
                singular,
                f"{count:,} {singular if count == 1 else plural} added since it was imported "
                f"{'refers' if count == 1 else 'refer'} to {' and '.join(kinds)} it created",
            )
        )
    if not clauses:
        return ""
    later = any(singular == _WORDS["imported record"][0] for singular, _ in clauses)
    first = (
        "Reverse the later imports first (newest first) and remove anything else"
        if later
        else "Remove those first"
    )
    return (
        f"This import cannot be reversed: {'; '.join(c for _, c in sorted(clauses))}. "
        f"{first}, or leave the import in place."
    )


def _delete(rows: QuerySet[Any, Any]) -> int:
    return int(rows._raw_delete(rows.db))


def _refuse_unless_reversible(run: ImportRun) -> None:
    if run.status == ImportRun.Status.REVERSED:
        raise DomainError("This import has already been reversed.", code="import_reversed")
    if run.status == ImportRun.Status.DONE and not run.created:
        raise DomainError(
            "This import created no records (everything in it was already here), so there is "
            "nothing to reverse.",
            code="import_created_nothing",
        )
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
    try:
        return _reverse(run=run, actor=actor, queued=queued)
    except IntegrityError as exc:
        # Something came to refer to these records between the check and the commit.
        raise DomainError(
            "Records were added to this import's people while it was being reversed, so "
            "nothing was removed. Reverse it again.",
            code="import_in_use",
        ) from exc


def _reverse(*, run: ImportRun, actor: User, queued: bool) -> dict[str, int]:
    removed: dict[str, int] = {}
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if not (queued and locked.status == ImportRun.Status.REVERSING):
            _refuse_unless_reversible(locked)
        blocked = _blockers(run)
        if blocked:
            raise DomainError(blocked, code="import_in_use")
        records = ImportedRecord.objects.filter(import_run=run)
        people = [
            (pk, run.scheme_id)
            for pk in records.values_list("person_id", flat=True).distinct()
            if pk is not None
        ]
        # Nothing outside the import refers to these rows (checked above), so they go by one
        # statement each, without Django's collector reading every row and every relation
        # first (17 s for 30,000 records).
        _delete(ReferralEvent.objects.filter(_own(run, ReferralEvent)))
        for kind in _DELETE_ORDER:
            removed[kind] = _delete(MODELS[kind]._default_manager.filter(_own(run, MODELS[kind])))
        _delete(records)
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
