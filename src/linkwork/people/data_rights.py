"""Writes for a person's data rights (UK GDPR Articles 16 to 18): correct a detail keeping
what it said before, restrict and lift a restriction, hold for legal reasons, and erase what
identifies the person while the pseudonymised facts the evaluation needs stay. Each write is
audited in the same transaction."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.people.equalities import QUESTIONS
from linkwork.people.models import Person, PersonCorrection
from linkwork.people.person_graph import person_tables
from linkwork.people.selectors import retention_of
from linkwork.people.services import PersonDetails, _clean_details

# The details a correction may change, and their labels.
CORRECTABLE: dict[str, str] = {
    "given_name": "First name",
    "family_name": "Last name",
    "date_of_birth": "Date of birth",
    "nhs_number": "NHS number",
    "chi_number": "CHI number",
    "phone": "Telephone",
    "email": "Email",
    "postcode": "Postcode",
    "preferred_language": "Preferred language",
    "sex": "Sex",
    "gender_identity": "Gender identity",
    "ethnicity": "Ethnicity",
    "preferred_contact": "Preferred contact",
    **{q.field: q.label for q in QUESTIONS},
}


def _details_of(person: Person) -> PersonDetails:
    names = {f.name for f in dataclasses.fields(PersonDetails)}
    return PersonDetails(**{name: getattr(person, name) for name in names})


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


@transaction.atomic
def person_correct(
    *, person: Person, actor: User, field_name: str, new_value: str, reason: str
) -> PersonCorrection:
    """Correct one detail. The old value is kept in a PersonCorrection shown on the record."""
    if field_name not in CORRECTABLE:
        raise DomainError(
            "Choose a detail that can be corrected.",
            code="correction_field",
            field_errors={"field_name": [f"{field_name!r} cannot be corrected here."]},
        )
    if not reason.strip():
        raise DomainError(
            "Say why the detail is being corrected.",
            code="correction_reason",
            field_errors={"reason": ["Enter the reason for the correction."]},
        )
    value: Any = new_value.strip()
    if field_name == "date_of_birth":
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise DomainError(
                "Check the date of birth.",
                code="correction_invalid",
                field_errors={"new_value": ["Enter the date of birth as YYYY-MM-DD."]},
            ) from None
    details = dataclasses.replace(_details_of(person), **{field_name: value})
    try:
        values = _clean_details(person.scheme, details, clock.today())
    except DomainError as exc:
        messages = [m for ms in exc.field_errors.values() for m in ms]
        raise DomainError(
            f"Check the new {CORRECTABLE[field_name].lower()}.",
            code="correction_invalid",
            field_errors={"new_value": messages or [exc.message]},
        ) from exc
    old = getattr(person, field_name)
    if values[field_name] == old:
        raise DomainError(
            "The new value is the same as the one on the record.",
            code="correction_unchanged",
            field_errors={"new_value": ["This is already the value on the record."]},
        )
    if field_name in ("nhs_number", "chi_number") and (
        Person.objects.filter(
            scheme_id=person.scheme_id,
            merged_into__isnull=True,
            **{field_name: values[field_name]},
        )
        .exclude(pk=person.pk)
        .exists()
    ):
        raise DomainError(
            "Another person in this scheme has this number; merge the records instead.",
            code="correction_duplicate",
            field_errors={"new_value": ["Already recorded for another person."]},
        )
    changed = [k for k, v in values.items() if getattr(person, k) != v]
    for key in changed:
        setattr(person, key, values[key])
    person.save()
    correction = PersonCorrection.objects.create(
        scheme_id=person.scheme_id,
        person=person,
        field_name=field_name,
        old_value=_shown(old),
        new_value=_shown(values[field_name]),
        reason=reason.strip(),
        corrected_by=actor,
        corrected_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CORRECTED,
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        scheme_id=person.scheme_id,
        detail={"field": field_name, "correction": str(correction.pk)},
    )
    return correction


def _audit(person: Person, actor: User, action: str, **detail: object) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        scheme_id=person.scheme_id,
        detail=detail,
    )


@transaction.atomic
def person_restrict(*, person: Person, actor: User, reason: str) -> Person:
    """Restrict processing: only the scheme's managers see the record until it is lifted."""
    if person.restricted:
        raise DomainError("This record is already restricted.", code="already_restricted")
    if not reason.strip():
        raise DomainError(
            "Say why the record is restricted.",
            code="restriction_reason",
            field_errors={"reason": ["Enter the reason for the restriction."]},
        )
    person.restricted, person.restriction_reason = True, reason.strip()
    person.save(update_fields=["restricted", "restriction_reason", "updated_at"])
    _audit(person, actor, AuditEvent.Action.RESTRICTED)
    return person


@transaction.atomic
def person_unrestrict(*, person: Person, actor: User) -> Person:
    if not person.restricted:
        raise DomainError("This record is not restricted.", code="not_restricted")
    person.restricted, person.restriction_reason = False, ""
    person.save(update_fields=["restricted", "restriction_reason", "updated_at"])
    _audit(person, actor, AuditEvent.Action.UNRESTRICTED)
    return person


@transaction.atomic
def person_legal_hold(*, person: Person, actor: User, hold: bool, reason: str = "") -> Person:
    """Place or lift a legal hold: while it stands the record cannot be erased."""
    if hold and not reason.strip():
        raise DomainError(
            "Say why the record is held.",
            code="hold_reason",
            field_errors={"reason": ["Enter the reason for the legal hold."]},
        )
    person.legal_hold, person.legal_hold_reason = hold, reason.strip() if hold else ""
    person.save(update_fields=["legal_hold", "legal_hold_reason", "updated_at"])
    _audit(person, actor, AuditEvent.Action.UPDATE, fields=["legal_hold"], legal_hold=hold)
    return person


# What erasure keeps, by model and field: the facts the evaluation needs, none of which names
# or contacts the person. Every other free-text field of every table in the person graph is
# emptied (or, where the field is required, replaced by ERASED).
ERASED = "[erased]"
ERASURE_KEEPS: dict[str, dict[str, str]] = {
    "people.Person": {
        "preferred_language": "Equity analysis by language.",
        "small_area_code": "Deprivation analysis (an area of about 1,500 people).",
        "deprivation_index": "Deprivation analysis.",
    },
    "episodes.Connection": {
        "service_name": "Which services people were connected to; names the service.",
        "need": "The kind of need met.",
    },
    "outcomes.Administration": {
        "instrument_id": "Which questionnaire the scores belong to.",
        "definition_version": "How the scores were calculated.",
    },
    "outcomes.RiskAlert": {"flag": "The kind of alert, a code."},
    "voice.FeedbackRequest": {
        "token_hash": "A hash of a spent link's token (unique per link): identifies nobody."
    },
}
# Free-text keys inside JSON fields (event data, summaries): their values are emptied.
_FREE_TEXT_KEYS = {"note", "reason", "goal", "text", "notes", "what_matters", "description"}
# JSON fields that are a written document about the person: emptied whole.
_DOCUMENTS = {
    ("episodes.EpisodeSummary", "content"),
    # What a message to the person said: names, dates, a postal address.
    ("messaging.Message", "personalisation"),
}


def _scrub(value: object) -> object:
    if isinstance(value, dict):
        return {
            k: ("" if k in _FREE_TEXT_KEYS and isinstance(v, str) else _scrub(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def erasure_blocker(*, person: Person, today: date) -> str | None:
    """Why the record cannot be erased yet, in words, or None."""
    if person.erased_at is not None:
        return "This record has already been erased."
    if person.legal_hold:
        return (
            f"A legal hold applies ({person.legal_hold_reason}): the record cannot be erased "
            "until the hold is lifted."
        )
    state = retention_of([person])[person.pk]
    if not state.expired(today):
        return "The retention period applies. " + state.explain()
    return None


def _erase_row(row: models.Model, label: str) -> list[str]:
    keeps = ERASURE_KEEPS.get(label, {})
    changed = []
    for model_field in row._meta.concrete_fields:
        name = model_field.name
        if name in keeps or model_field.choices:
            continue
        value = getattr(row, model_field.attname)
        if isinstance(model_field, models.CharField | models.TextField):
            blank = "" if model_field.blank else ERASED[: model_field.max_length or None]
            if value not in ("", blank):
                setattr(row, model_field.attname, blank)
                changed.append(name)
        elif isinstance(model_field, models.JSONField):
            new = {} if (label, name) in _DOCUMENTS else _scrub(value)
            if new != value:
                setattr(row, model_field.attname, new)
                changed.append(name)
    return changed


def _erase_person(person: Person) -> None:
    _erase_row(person, "people.Person")
    person.given_name, person.family_name = "Erased", "record"
    # The year of birth stays for age bands; the day and month identify.
    person.date_of_birth = person.date_of_birth.replace(month=7, day=1)
    person.postcode_status = Person.PostcodeStatus.NOT_GIVEN
    person.erased_at = timezone.now()
    person.save()


@transaction.atomic
def person_erase(*, person: Person, actor: User) -> dict[str, int]:
    """Erase what identifies the person: names, numbers, contact details and every free-text
    note, in every table of the person graph. Episodes, dates, scores and codes stay for the
    evaluation, pseudonymised; the audit trail keeps a stub saying the record was erased.
    Refused while a legal hold or the retention period applies. Returns rows changed by table."""
    blocker = erasure_blocker(person=person, today=clock.today())
    if blocker is not None:
        raise DomainError(blocker, code="erasure_refused")
    counts: dict[str, int] = {}
    for table in person_tables():
        rows = table.model._default_manager.filter(**{table.path: person.pk})
        for row in rows:
            if table.model is Person:
                continue
            changed = _erase_row(row, table.label)
            if changed:
                row.save(update_fields=changed)
                counts[table.label] = counts.get(table.label, 0) + 1
    # Records merged into this one name the same person.
    for each in [*person.merged_from.all(), person]:
        _erase_person(each)
    counts["people.Person"] = 1 + person.merged_from.count()
    _audit(person, actor, AuditEvent.Action.ERASED, tables=counts)
    return counts
