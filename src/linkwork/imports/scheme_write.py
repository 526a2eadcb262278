"""Writing checked records into a scheme's tables, a chunk of people at a time.

Each chunk (its people, their referrals and everything under them) is one transaction: new
rows go in with the bulk writer as plain values (no model instance per row), changed ones with
one update per table, the source ids with them, the audit event naming the people, and the
run's counts. A run stopped part-way (a
killed process) leaves whole chunks; importing again finds their source ids and skips them."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import F

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record_list
from linkwork.core.copy_insert import insert_dicts, insert_rows
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import (
    REFERRAL_EVENT_COLUMNS,
    Connection,
    Encounter,
    FinancialGain,
    Referral,
    ReferralEvent,
)
from linkwork.imports.harmonise.checks import Checked
from linkwork.imports.harmonise.mapping import Record
from linkwork.imports.models import ImportedRecord, ImportRun
from linkwork.imports.scheme_rows import (
    Context,
    administration_fields,
    connection_fields,
    encounter_fields,
    gain_fields,
    person_fields,
    referral_fields,
    session_numbers,
)
from linkwork.organisations.models import Scheme
from linkwork.outcomes.models import Administration
from linkwork.people.matching import PersonKey, name_similarity
from linkwork.people.models import Person

__all__ = ["WRITTEN_MODELS", "BuiltChunk", "Group", "SchemeWriter", "groups_of"]

MODELS: dict[str, type[models.Model]] = {
    "person": Person,
    "referral": Referral,
    "session": Encounter,
    "questionnaire": Administration,
    "connection": Connection,
    "financial_gain": FinancialGain,
}
# Every table an import writes rows into.
WRITTEN_MODELS: tuple[type[models.Model], ...] = (*MODELS.values(), ReferralEvent, ImportedRecord)
# Parents before children, so every foreign key points at a written row.
WRITE_ORDER = ("person", "referral", "session", "questionnaire", "connection", "financial_gain")
# Set when a record is first written and never changed by a later import.
_KEPT_ON_UPDATE = {"created_by_id", "recorded_by_id", "administered_by_id", "made_by_id"}
# A referral's progress as its sessions give it.
_CONTACT_FIELDS = {"status", "status_changed_at", "first_contact_on"}
# A person's details the source did not give (a placeholder name, the postcode's lookup
# status) are never written over what staff have since recorded.
_PERSON_PLACEHOLDERS = {"given_name": "given_name", "family_name": "family_name"}


def fingerprint(record: Record, extra: object = None) -> str:
    """What the source said of a record: unchanged in a later export, the record is skipped,
    whatever staff have done to it since; changed, what the source gives is updated."""
    content = json.dumps(
        [record.values, record.items, extra], sort_keys=True, default=str, ensure_ascii=True
    )
    return hashlib.sha256(content.encode()).hexdigest()


# Source ids looked up at a time: well under any database's limit on a query's parameters.
LOOKUP_BATCH = 2_000
# Names this alike (and the same date of birth) flag a possible duplicate.
SAME_NAME = 0.95


@dataclass
class Group:
    """One person and their referrals, each with the records under it: written together."""

    person: Record
    referrals: list[tuple[Record, list[Record]]]

    def size(self) -> int:
        return 1 + sum(1 + len(children) for _, children in self.referrals)


def groups_of(checked: Checked) -> list[Group]:
    children: dict[str, list[Record]] = defaultdict(list)
    for record in checked.others:
        children[str(record.values["referral_ref"])].append(record)
    referrals: dict[str, list[Record]] = defaultdict(list)
    for referral in checked.referrals.values():
        referrals[str(referral.values["person_ref"])].append(referral)
    return [
        Group(person, [(r, children[r.ref]) for r in referrals[ref]])
        for ref, person in checked.people.items()
    ]


@dataclass
class BuiltChunk:
    """One chunk's rows and counts, built in memory and not yet written."""

    # New rows of each kind, as the model's attribute values (all with the same keys).
    new: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    changes: dict[str, dict[Any, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    fingerprints: dict[tuple[str, str], str] = field(default_factory=dict)
    events: list[tuple[Any, ...]] = field(default_factory=list)  # in REFERRAL_EVENT_COLUMNS order
    imported: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    created_people: list[uuid.UUID] = field(default_factory=list)
    updated_people: set[uuid.UUID | None] = field(default_factory=set)
    notes: list[dict[str, Any]] = field(default_factory=list)


class SchemeWriter:
    def __init__(
        self,
        *,
        run: ImportRun,
        scheme: Scheme,
        user: User,
        source_system: str,
    ) -> None:
        """Ready for `take`, which gives it the records to write."""
        self.run, self.scheme, self.user = run, scheme, user
        self.source_system = source_system
        self.ctx = Context(
            scheme_id=scheme.pk,
            user_id=user.pk,
            practices={
                code.upper(): pk for pk, code in scheme.practices.values_list("pk", "code") if code
            },
        )
        self.known: dict[tuple[str, str], tuple[uuid.UUID, str, str]] = {}
        self.scored: dict[int, Any] = {}
        self.by_number: dict[tuple[str, str], uuid.UUID] = {}
        self.same_birth: dict[Any, list[dict[str, Any]]] = {}

    def take(self, checked: Checked, scored: dict[int, Any]) -> None:
        """Ready to write `checked` (all or one part of an export): what earlier imports
        wrote of its records, and the scheme's people its people may match, looked up for
        these records only, so a part of a large export holds only its own."""
        self.scored = scored
        wanted: dict[str, set[str]] = defaultdict(set)
        for record in (*checked.people.values(), *checked.referrals.values(), *checked.others):
            wanted[record.kind].add(record.ref)
        self.known = {}
        for kind, refs in wanted.items():
            ordered = sorted(refs)
            for start in range(0, len(ordered), LOOKUP_BATCH):
                self.known.update(
                    ((kind, source_id), (object_id, action, print_))
                    for source_id, object_id, action, print_ in ImportedRecord.objects.filter(
                        scheme=self.scheme,
                        source_system=self.source_system,
                        kind=kind,
                        source_id__in=ordered[start : start + LOOKUP_BATCH],
                    ).values_list("source_id", "object_id", "action", "fingerprint")
                )
        people = list(checked.people.values())
        self.by_number = self._people_by_number(people)
        self.same_birth = self._people_by_birth(people)

    def _people_by_number(self, people: list[Record]) -> dict[tuple[str, str], uuid.UUID]:
        found: dict[tuple[str, str], uuid.UUID] = {}
        for name in ("nhs_number", "chi_number"):
            numbers = {str(p.values[name]) for p in people if p.values.get(name)}
            rows = Person.objects.filter(
                scheme=self.scheme, merged_into__isnull=True, **{f"{name}__in": numbers}
            ).values_list(name, "pk")
            found.update({(name, number): pk for number, pk in rows})
        return found

    def _people_by_birth(self, people: list[Record]) -> dict[Any, list[dict[str, Any]]]:
        births = {p.values["date_of_birth"] for p in people if p.values.get("given_name")}
        found: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        # People this import wrote (an earlier part of a large export) are not existing
        # people: they are flagged against the scheme's people only, as a whole export is.
        this_run = ImportedRecord.objects.filter(import_run=self.run, kind="person")
        for row in (
            Person.objects.filter(
                scheme=self.scheme, merged_into__isnull=True, date_of_birth__in=births
            )
            .exclude(pk__in=this_run.values("object_id"))
            .values("pk", "given_name", "family_name", "nhs_number", "chi_number", "date_of_birth")
        ):
            found[row["date_of_birth"]].append(dict(row))
        return found

    # One record: new, an update of one imported before, or matched to an existing person.

    def _record(
        self,
        chunk: BuiltChunk,
        record: Record,
        values: dict[str, Any],
        chunk_no: int,
        person: Any,
        extra: object = None,
    ) -> uuid.UUID:
        key = (record.kind, record.ref)
        known = self.known.get(key)
        print_ = fingerprint(record, extra)
        if known is not None:
            object_id, action, before = known
            if action == ImportedRecord.Action.CREATED and print_ != before:
                chunk.changes[record.kind][object_id] = self._update_values(record, values)
                chunk.fingerprints[key] = print_
            else:
                chunk.counts[record.kind]["skipped"] += 1
            return object_id
        object_id = uuid.uuid4()
        chunk.new[record.kind].append({"id": object_id, **values})
        self._remember(chunk, record, object_id, ImportedRecord.Action.CREATED, chunk_no, person)
        chunk.imported[-1]["fingerprint"] = print_
        chunk.counts[record.kind]["created"] += 1
        return object_id

    @staticmethod
    def _update_values(record: Record, values: dict[str, Any]) -> dict[str, Any]:
        kept = set(_KEPT_ON_UPDATE)
        if record.kind == "person":
            kept |= {name for name in _PERSON_PLACEHOLDERS if not record.values.get(name)}
            kept.add("postcode_status")
        # An export without the episode's sessions (a later search of referrals only) says
        # nothing of its contact: the episode keeps its status and first contact rather than
        # going back to waiting, its sessions still there.
        if (
            record.kind == "referral"
            and values.get("first_contact_on") is None
            and values.get("status") == Status.ACCEPTED.value
        ):
            kept |= _CONTACT_FIELDS
        return {name: value for name, value in values.items() if name not in kept}

    def _remember(
        self,
        chunk: BuiltChunk,
        record: Record,
        object_id: uuid.UUID,
        action: str,
        chunk_no: int,
        person: Any,
    ) -> None:
        self.known[(record.kind, record.ref)] = (object_id, action, "")
        chunk.imported.append(
            {
                "id": uuid.uuid4(),
                "scheme_id": self.scheme.pk,
                "import_run_id": self.run.pk,
                "person_id": person,
                "source_system": self.source_system,
                "kind": record.kind,
                "source_id": record.ref,
                "object_id": object_id,
                "action": action,
                "chunk": chunk_no,
                "fingerprint": "",
            }
        )

    def _person(self, chunk: BuiltChunk, record: Record, chunk_no: int) -> uuid.UUID:
        if ("person", record.ref) in self.known:
            return self._record(chunk, record, person_fields(record, self.ctx), chunk_no, None)
        for name in ("nhs_number", "chi_number"):
            number = record.values.get(name)
            existing = self.by_number.get((name, str(number))) if number else None
            if existing is not None:
                # The same number: the same person. Their record is left as it is.
                self._remember(
                    chunk, record, existing, ImportedRecord.Action.MATCHED, chunk_no, existing
                )
                chunk.counts["person"]["matched"] += 1
                chunk.notes.append(
                    {"kind": "matched", "source_id": record.ref, "person_id": str(existing)}
                )
                return existing
        values = person_fields(record, self.ctx)
        person_id = self._record(chunk, record, values, chunk_no, None)
        chunk.imported[-1]["person_id"] = person_id
        chunk.created_people.append(person_id)
        for other in self._possible_duplicates(values):
            chunk.notes.append(
                {
                    "kind": "possible_duplicate",
                    "source_id": record.ref,
                    "person_id": str(person_id),
                    "existing_id": str(other),
                }
            )
        return person_id

    def _possible_duplicates(self, values: dict[str, Any]) -> list[uuid.UUID]:
        """Existing people with the same date of birth and name but another (or no) number:
        never merged here; the manager checks and merges on the person's page."""
        if values["given_name"].startswith("("):
            return []
        new = PersonKey(values["given_name"], values["family_name"], values["date_of_birth"])
        found = []
        for row in self.same_birth.get(values["date_of_birth"], []):
            other = PersonKey(row["given_name"], row["family_name"], row["date_of_birth"])
            if name_similarity(new, other) >= SAME_NAME:
                found.append(row["pk"])
        return found

    def _group(self, chunk: BuiltChunk, group: Group, chunk_no: int) -> None:
        person_id = self._person(chunk, group.person, chunk_no)
        for referral, children in group.referrals:
            sessions = [c for c in children if c.kind == "session"]
            values = referral_fields(referral, self.ctx, person_id, sessions)
            is_new = ("referral", referral.ref) not in self.known
            # Its status and first contact come from its sessions: they are part of what it says.
            said = sorted(
                (str(s.values["occurred_on"]), s.values.get("attended")) for s in sessions
            )
            referral_id = self._record(chunk, referral, values, chunk_no, person_id, said)
            if is_new:
                self._events(chunk, referral_id, values)
            parent = {**values, "id": referral_id}
            numbers = session_numbers(sessions)
            for child in children:
                self._record(chunk, child, self._child(child, parent, numbers), chunk_no, person_id)

    def _child(
        self, record: Record, parent: dict[str, Any], numbers: dict[int, int]
    ) -> dict[str, Any]:
        if record.kind == "session":
            return encounter_fields(record, self.ctx, parent, numbers.get(id(record)))
        if record.kind == "questionnaire":
            return administration_fields(record, self.ctx, parent, self.scored[id(record)])
        if record.kind == "connection":
            return connection_fields(record, self.ctx, parent)
        return gain_fields(record, self.ctx, parent)

    def _events(self, chunk: BuiltChunk, referral_id: uuid.UUID, values: dict[str, Any]) -> None:
        """The episode's history says it was imported, by whom and in which run."""
        data = {"import_run": str(self.run.pk), "source": values["source"]}
        at = values["status_changed_at"]
        scheme_id, actor_id = self.scheme.pk, self.user.pk
        chunk.events.append(
            (
                scheme_id,
                referral_id,
                ReferralEvent.Kind.CREATED.value,
                at.replace(hour=8),
                actor_id,
                data,
            )
        )
        status = {"from": "received", "to": values["status"], **data}
        chunk.events.append(
            (scheme_id, referral_id, ReferralEvent.Kind.STATUS.value, at, actor_id, status)
        )

    def _moved(self, row: models.Model, values: dict[str, Any]) -> tuple[Any, ...]:
        """A later export moved an episode on (closed it, say): its timeline says so, as an
        event of this import, like those of the import that created it."""
        data = {
            "from": getattr(row, "status"),  # noqa: B009 - the model instance of any kind
            "to": values["status"],
            "import_run": str(self.run.pk),
            "source": values.get("source", ""),
        }
        at = values.get("status_changed_at")
        return (
            self.scheme.pk,
            row.pk,
            ReferralEvent.Kind.STATUS.value,
            at,
            self.user.pk,
            data,
        )

    # Writing a chunk.

    def _apply_changes(self, chunk: BuiltChunk) -> None:
        moves: list[tuple[Any, ...]] = []  # status changes, for the episodes' timelines
        for kind, changes in chunk.changes.items():
            model = MODELS[kind]
            rows = model._default_manager.in_bulk(list(changes))
            changed: list[models.Model] = []
            names: set[str] = set()
            for pk, values in changes.items():
                row = rows.get(pk)
                if row is None:
                    # Removed since (a reversal leaves no source id, so this is a deletion by
                    # other means): nothing to update.
                    chunk.counts[kind]["skipped"] += 1
                    continue
                diff = {
                    name: value for name, value in values.items() if getattr(row, name) != value
                }
                if not diff:
                    chunk.counts[kind]["skipped"] += 1
                    continue
                if kind == "referral" and "status" in diff:
                    moves.append(self._moved(row, values))
                for name, value in diff.items():
                    setattr(row, name, value)
                names |= set(diff)
                changed.append(row)
                chunk.counts[kind]["updated"] += 1
                chunk.updated_people.add(pk if kind == "person" else values.get("person_id"))
            if changed:
                by_attname = {f.attname: f.name for f in model._meta.concrete_fields}
                fields = [by_attname[name] for name in sorted(names)]
                model._default_manager.bulk_update(changed, [*fields, "updated_at"])
        insert_rows(ReferralEvent, REFERRAL_EVENT_COLUMNS, moves)
        for (kind, source_id), print_ in chunk.fingerprints.items():
            ImportedRecord.objects.filter(
                scheme_id=self.scheme.pk,
                source_system=self.source_system,
                kind=kind,
                source_id=source_id,
            ).update(fingerprint=print_)

    def write(self, groups: list[Group], chunk_no: int) -> dict[str, dict[str, int]]:
        return self.store(self.build(groups, chunk_no))

    def build(self, groups: list[Group], chunk_no: int) -> BuiltChunk:
        """The chunk's rows, in memory only (no query): the next chunk can be built while
        the one before is written."""
        chunk = BuiltChunk()
        for group in groups:
            self._group(chunk, group, chunk_no)
        return chunk

    def store(self, chunk: BuiltChunk) -> dict[str, dict[str, int]]:
        """Write one built chunk in one transaction, in the thread's own connection."""
        with transaction.atomic():
            for kind in WRITE_ORDER:
                insert_dicts(MODELS[kind], chunk.new[kind])
            insert_rows(ReferralEvent, REFERRAL_EVENT_COLUMNS, chunk.events)
            self._apply_changes(chunk)
            insert_dicts(ImportedRecord, chunk.imported)
            self._audit(chunk)
            totals = _totals(chunk.counts)
            ImportRun.objects.filter(pk=self.run.pk).update(
                chunks_done=F("chunks_done") + 1,
                created=F("created") + totals["created"],
                updated=F("updated") + totals["updated"],
                skipped=F("skipped") + totals["skipped"],
            )
            self._merge_run_json(chunk)
        return {k: dict(v) for k, v in chunk.counts.items()}

    def _audit(self, chunk: BuiltChunk) -> None:
        detail = {"import_run": str(self.run.pk)}
        scheme_id = self.scheme.pk
        if chunk.created_people:
            audit_record_list(
                actor=self.user,
                object_type="person",
                rows=[(pk, scheme_id) for pk in chunk.created_people],
                detail=detail,
                action=AuditEvent.Action.CREATE,
            )
        updated = sorted(pk for pk in chunk.updated_people if pk is not None)
        if updated:
            audit_record_list(
                actor=self.user,
                object_type="person",
                rows=[(pk, scheme_id) for pk in updated],
                detail=detail,
                action=AuditEvent.Action.UPDATE,
            )

    def _merge_run_json(self, chunk: BuiltChunk) -> None:
        run = ImportRun.objects.select_for_update().get(pk=self.run.pk)
        counts: dict[str, dict[str, int]] = run.counts or {}
        for kind, kind_counts in chunk.counts.items():
            into = counts.setdefault(kind, {})
            for name, count in kind_counts.items():
                into[name] = into.get(name, 0) + count
        run.counts = counts
        run.notes = [*(run.notes or []), *chunk.notes]
        run.save(update_fields=["counts", "notes", "updated_at"])


def _totals(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    totals = {"created": 0, "updated": 0, "skipped": 0}
    for kind_counts in counts.values():
        totals["created"] += kind_counts.get("created", 0)
        totals["updated"] += kind_counts.get("updated", 0)
        totals["skipped"] += kind_counts.get("skipped", 0) + kind_counts.get("matched", 0)
    return totals


def chunks(groups: list[Group], size: int) -> list[list[Group]]:
    """Groups in chunks of about `size` records; a person's records never split."""
    out: list[list[Group]] = [[]]
    filled = 0
    for group in groups:
        if filled >= size and out[-1]:
            out.append([])
            filled = 0
        out[-1].append(group)
        filled += group.size()
    return [c for c in out if c]
