"""A subject access report: everything held about one person, in words, as data.

Built from `person_graph.person_tables()`, so every table that holds a person's data is in it,
plus the audit trail of who viewed or changed the record. The same report is rendered as a
printable page, a PDF and a JSON file. The page and PDF are for the person to read: every
label is the model's verbose name, every code its label (the apps that own a table answer the
`subject_access_words` hook for theirs), and JSON values are lines of words. The JSON file
keeps the stored code beside the words, for machines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.db.models import Field, ForeignKey, JSONField, Model, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record
from linkwork.core import clock
from linkwork.core.extensions import subject_access_words
from linkwork.people.data_rights import CORRECTABLE
from linkwork.people.models import Consent, Person, PersonCorrection
from linkwork.people.person_graph import person_tables

# Keys inside stored JSON (a written summary) whose words are not the key's own.
_KEY_LABELS = {
    "nhs_number": "NHS number",
    "chi_number": "CHI number",
    "snomed_codes": "SNOMED CT codes",
    "gains_pence": "Financial gains",
}
_STYLESHEET = "css/subject_access.css"
# Internal keys, not information about the person.
_SKIPPED = {"id", "person", "updated_at"}


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    label: str
    value: str
    raw: object


@dataclass(slots=True)
class Record:
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    key: str
    title: str
    records: list[Record] = field(default_factory=list)
    # The person's own record is one row: its heading needs no count.
    counted: bool = True


@dataclass(slots=True)
class SubjectAccessReport:
    person: Person
    produced_on: date
    sections: list[Section] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "person_id": str(self.person.pk),
            "produced_on": self.produced_on.isoformat(),
            "sections": [
                {
                    "key": section.key,
                    "title": section.title,
                    "records": [
                        {
                            item.name: {"label": item.label, "value": item.value, "raw": item.raw}
                            for item in record.items
                        }
                        for record in section.records
                    ],
                }
                for section in self.sections
            ],
        }


def _words(value: object) -> str:
    """A stored value in words; a list is one line per entry and a mapping one "Key: value"
    line per key, so no JSON reaches the reader."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%-d %B %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, list):
        return "\n".join(_words(entry) for entry in value) or "None"
    if isinstance(value, dict):
        lines = []
        for key, entry in value.items():
            shown = _words(entry) or "None"
            if str(key).endswith("_pence") and isinstance(entry, int):
                shown = f"£{entry / 100:,.2f}"
            if "\n" in shown:
                shown = "\n" + "\n".join(f"  {line}" for line in shown.splitlines())
            name = _KEY_LABELS.get(str(key)) or capfirst(str(key).replace("_", " "))
            lines.append(f"{name}: {shown}")
        return "\n".join(lines) or "None"
    return str(value)


# The deprivation index a person's small area was ranked by (lookups' kinds).
_DEPRIVATION_INDICES = {
    "imd2019": "English Indices of Deprivation 2019",
    "simd2020": "Scottish Index of Multiple Deprivation 2020",
}


def _own_words(row: Model, field_name: str, value: object) -> str | None:
    """This app's codes in words."""
    if isinstance(row, Person) and field_name == "deprivation_index" and value:
        return _DEPRIVATION_INDICES.get(str(value), str(value))
    if isinstance(row, Consent) and field_name == "shared_fields":
        return "\n".join(row.shared_labels) or "None"
    if isinstance(row, PersonCorrection) and field_name == "field_name":
        return CORRECTABLE.get(str(value), row.field_label)
    return None


def _words_of(row: Model, field_name: str, value: object) -> str:
    for provider in (_own_words, *subject_access_words.providers):
        words = provider(row, field_name, value)
        if words is not None:
            return words
    return _words(value)


def _raw(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | dict | int | float | str | bool) or value is None:
        return value
    return str(value)


def _item(row: Model, model_field: Field[Any, Any]) -> Item:
    label = capfirst(str(model_field.verbose_name))
    if isinstance(model_field, ForeignKey):
        related = getattr(row, model_field.name)
        raw: object = None if related is None else str(related.pk)
        return Item(model_field.name, label, "" if related is None else str(related), raw)
    value = getattr(row, model_field.attname)
    if model_field.choices and not isinstance(model_field, JSONField):
        shown = str(getattr(row, f"get_{model_field.name}_display")())
        return Item(model_field.name, label, shown, _raw(value))
    return Item(model_field.name, label, _words_of(row, model_field.name, value), _raw(value))


def _record(row: Model) -> Record:
    return Record(
        [
            _item(row, model_field)
            for model_field in row._meta.concrete_fields
            if model_field.name not in _SKIPPED
        ]
    )


def subject_access_report(*, person: Person, actor: User | None) -> SubjectAccessReport:
    """Everything held about `person`, and an audit row saying it was produced."""
    report = SubjectAccessReport(person=person, produced_on=clock.today())
    for table in person_tables():
        rows = table.model._default_manager.filter(**{table.path: person.pk}).order_by("pk")
        related = [f.name for f in table.model._meta.concrete_fields if isinstance(f, ForeignKey)]
        meta = table.model._meta
        own = table.model is Person
        report.sections.append(
            Section(
                key=meta.label_lower,
                title=f"{capfirst(str(meta.verbose_name))} record"
                if own
                else capfirst(str(meta.verbose_name_plural)),
                records=[_record(row) for row in rows.select_related(*related)],
                counted=not own,
            )
        )
    # A list read names its people as subjects rather than in person_id.
    audit = (
        AuditEvent.objects.filter(Q(person_id=person.pk) | Q(subjects__person_id=person.pk))
        .distinct()
        .select_related("actor")
    )
    report.sections.append(
        Section(
            key="audit.auditevent",
            title="Who viewed or changed the record",
            records=[
                Record(
                    [
                        Item("at", "When", _words(event.at), event.at.isoformat()),
                        Item("actor", "Who", str(event.actor or "The person or the system"), ""),
                        Item("action", "What", event.get_action_display(), event.action),
                        Item("object", "Record", event.object_label, event.object_type),
                    ]
                )
                for event in audit.order_by("at", "id")
            ],
        )
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.SUBJECT_ACCESS,
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        scheme_id=person.scheme_id,
        detail={"sections": len(report.sections)},
    )
    return report


def subject_access_html(
    report: SubjectAccessReport, *, standalone: bool, request: HttpRequest | None = None
) -> str:
    """The report as an HTML document: linking its stylesheet for the browser, or carrying it
    inline (`standalone`) for the PDF and the file the command line writes."""
    context: dict[str, object] = {"report": report}
    if standalone:
        found = finders.find(_STYLESHEET)
        context["inline_css"] = Path(str(found)).read_text(encoding="utf-8") if found else ""
    return render_to_string("people/subject_access.html", context, request=request)
