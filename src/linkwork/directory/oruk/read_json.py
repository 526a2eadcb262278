"""Adapter: the standard's nested JSON (a record, a list of them, or a `Page`) into canonical
rows.

Each top-level record is one unit. It is checked against the standard's compiled schema for
its kind, then walked: every nested object becomes a row of its table, with the references
its nesting implies (a schedule inside a service gets that service's id). An array that is
present states that owner's records of that table in full; an absent one leaves them alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from linkwork.directory.oruk.checks import row_problems
from linkwork.directory.oruk.limits import MAX_JSON_DEPTH, json_nesting_depth
from linkwork.directory.oruk.records import Problem, Reading, Record, Unit
from linkwork.directory.oruk.schemas import DOCUMENT_SCHEMAS, schema_problems
from linkwork.directory.oruk.tables import NESTED_CHILDREN, TABLES
from linkwork.directory.oruk.values import Row, canonical, canonical_uuid

# File names tell the kind of record a file holds, as the tabular form's file names do.
# Longer prefixes first: "service_at_location" before "service".
_KIND_PREFIXES: tuple[tuple[str, str], ...] = (
    ("service_at_location", "service_at_location"),
    ("service", "service"),
    ("organization", "organization"),
    ("organisation", "organization"),
    ("taxonomy_term", "taxonomy_term"),
    ("taxonom", "taxonomy"),
)

Handler = Callable[[object, str, str | None], None]

# Keys that hold nested objects rather than columns, by table.
_NESTED_KEYS: dict[str, frozenset[str]] = {
    "service": frozenset({"organization"}),
    "organization": frozenset({"services"}),
    "service_at_location": frozenset({"location", "service"}),
    "attribute": frozenset({"taxonomy_term", "link_entity"}),
    "taxonomy": frozenset({"taxonomy_terms"}),
    "phone": frozenset({"languages"}),
}


def kind_for_file(name: str) -> str:
    """The kind of record a JSON file holds, from its name; services unless it says otherwise.

    >>> kind_for_file("taxonomy_term_list.json"), kind_for_file("feed.json")
    ('taxonomy_term', 'service')
    """
    stem = PurePath(name).stem.lower()
    for prefix, kind in _KIND_PREFIXES:
        if stem.startswith(prefix):
            return kind
    return "service"


def _items(data: object) -> list[tuple[str, object]] | None:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return [(f"/contents/{i}", item) for i, item in enumerate(data["contents"])]
    if isinstance(data, list):
        return [(f"/{i}", item) for i, item in enumerate(data)]
    if isinstance(data, dict):
        return [("", data)]
    return None


def read_json_text(source: str, text: str, *, kind: str | None = None) -> Reading:
    """Read one JSON file. `kind` defaults to what the file name says."""
    reading = Reading()
    kind = kind or kind_for_file(source)
    if (depth := json_nesting_depth(text)) > MAX_JSON_DEPTH:
        reading.problems.append(
            Problem(source, "file", "", f"nests {depth} levels deep; at most {MAX_JSON_DEPTH}")
        )
        return reading
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        reading.problems.append(
            Problem(source, "file", "", f"is not JSON: {exc.msg} (line {exc.lineno})")
        )
        return reading
    items = _items(data)
    if items is None:
        reading.problems.append(
            Problem(source, "file", "", "holds no record, list of records or page of records")
        )
        return reading
    notices: set[str] = set()
    for pointer, item in items:
        reading.units.append(_Walker(source, kind, pointer, item, notices).unit)
    reading.notices.extend(sorted(notices))
    return reading


class _Walker:
    """Turns one top-level record into the rows of a unit."""

    def __init__(
        self, source: str, kind: str, pointer: str, item: object, notices: set[str]
    ) -> None:
        raw_id = item.get("id") if isinstance(item, dict) else None
        label = f"{kind} {raw_id}" if isinstance(raw_id, str) else f"{kind} at {pointer or '/'}"
        self.unit = Unit(source=source, label=label)
        self.source = source
        self.notices = notices
        self.reported: set[str] = set()
        if not isinstance(item, dict):
            self._problem(pointer, "must be an object")
            return
        for path, message in schema_problems(DOCUMENT_SCHEMAS[kind], item):
            self._problem(pointer + path, message)
        handlers: dict[str, Callable[..., object]] = {
            "service": self.service,
            "organization": self.organization,
            "service_at_location": self.service_at_location,
            "taxonomy": self.taxonomy,
            "taxonomy_term": self.taxonomy_term,
        }
        handlers[kind](item, pointer)
        self.unit.problems.sort(key=lambda problem: problem.path)

    def _problem(self, path: str, message: str) -> None:
        # The schema has usually said it already; say each field's problem once.
        if path in self.reported:
            return
        self.reported.add(path)
        self.unit.problem(path or "/", message)

    def record(self, table: str, obj: object, path: str, implied: Row) -> str | None:
        """Add `obj` as a row of `table` and return its id (None if it has no usable id)."""
        if not isinstance(obj, dict):
            return None
        try:
            record_id = canonical_uuid(obj.get("id"))  # type: ignore[arg-type]
        except ValueError:
            return None  # the schema reports it
        values: Row = {}
        for column in TABLES[table].columns:
            if column.name in obj:
                try:
                    values[column.name] = canonical(column, obj[column.name])
                except ValueError as exc:
                    self._problem(f"{path}/{column.name}", str(exc))
        for name, value in implied.items():
            given = values.get(name)
            if given is not None and value is not None and given != value:
                self._problem(f"{path}/{name}", f"is {given} but the record sits inside {value}")
            if value is not None:
                values[name] = value
        for column_name, message in row_problems(table, values):
            self._problem(f"{path}/{column_name}", message)
        known = set(TABLES[table].column_names) | _NESTED_KEYS.get(table, frozenset())
        known |= {key for key, _ in NESTED_CHILDREN.get(table, ())}
        for key in obj.keys() - known:
            self.notices.add(
                f"{self.source}: ignored the {table} field {key!r}, which is not part of "
                "Open Referral UK 3.0"
            )
        self.unit.records.append(Record(table, record_id, values, f"{self.unit.label} {path}"))
        return record_id

    def children(
        self,
        owner: str,
        owner_id: str | None,
        obj: dict[str, Any],
        path: str,
        **overrides: Handler,
    ) -> None:
        """Walk the arrays nested in an owner's record, in the standard's order."""
        handlers: dict[str, Handler] = {
            "schedule": self.simple("schedule", "service_id"),
            "service_area": self.simple("service_area", "service_id"),
            "language": self.simple("language", "service_id"),
            "funding": self.simple("funding", "service_id"),
            "cost_option": self.simple("cost_option", "service_id"),
            "service_at_location": self.service_at_location,
            "contact": self.contact,
            "organization_identifier": self.organization_identifier,
            "address": self.located("address"),
            "accessibility": self.located("accessibility"),
            "attribute": self.attribute,
            **overrides,
        }
        for key, table in NESTED_CHILDREN.get(owner, ()):
            if key not in obj:
                continue
            if owner_id is not None:
                self.unit.stated.add((owner, owner_id, table))
            items = obj[key] if isinstance(obj[key], list) else []
            for i, item in enumerate(items):
                handlers[table](item, f"{path}/{key}/{i}", owner_id)

    def simple(self, table: str, owner_column: str) -> Handler:
        def handle(item: object, path: str, owner_id: str | None) -> None:
            self.record(table, item, path, {owner_column: owner_id})

        return handle

    def located(self, table: str) -> Handler:
        def handle(item: object, path: str, owner_id: str | None) -> None:
            record_id = self.record(table, item, path, {"location_id": owner_id})
            if isinstance(item, dict):
                self.children(table, record_id, item, path)

        return handle

    def service(self, obj: object, path: str, owner_id: str | None = None) -> str | None:
        if not isinstance(obj, dict):
            return None
        organization_id = owner_id
        if isinstance(obj.get("organization"), dict):
            organization_id = self.organization(obj["organization"], f"{path}/organization")
        service_id = self.record("service", obj, path, {"organization_id": organization_id})
        self.children("service", service_id, obj, path)
        return service_id

    def organization(self, obj: object, path: str, _owner: str | None = None) -> str | None:
        if not isinstance(obj, dict):
            return None
        organization_id = self.record("organization", obj, path, {})
        self.children("organization", organization_id, obj, path)
        services = obj.get("services")
        for i, item in enumerate(services if isinstance(services, list) else []):
            self.service(item, f"{path}/services/{i}", organization_id)
        return organization_id

    def organization_identifier(self, obj: object, path: str, owner_id: str | None) -> None:
        record_id = self.record("organization_identifier", obj, path, {"organization_id": owner_id})
        if isinstance(obj, dict):
            self.children("organization_identifier", record_id, obj, path)

    def location(self, obj: object, path: str) -> str | None:
        location_id = self.record("location", obj, path, {})
        if isinstance(obj, dict):
            self.children("location", location_id, obj, path)
        return location_id

    def service_at_location(self, obj: object, path: str, owner_id: str | None = None) -> None:
        if not isinstance(obj, dict):
            return
        location_id = (
            self.location(obj["location"], f"{path}/location") if "location" in obj else None
        )
        service_id = owner_id
        if owner_id is None and isinstance(obj.get("service"), dict):
            service_id = self.service(obj["service"], f"{path}/service")
        implied: Row = {"service_id": service_id, "location_id": location_id}
        self.record("service_at_location", obj, path, implied)

    def contact(self, obj: object, path: str, owner_id: str | None) -> None:
        contact_id = self.record("contact", obj, path, {"service_id": owner_id})
        if not isinstance(obj, dict):
            return
        # Phones sit in contacts as in HSDS 3.0; the UK profile's compiled schema leaves them
        # out, so they are checked against the standard's phone schema here.
        phones = obj.get("phones")
        for i, item in enumerate(phones if isinstance(phones, list) else []):
            for sub_path, message in schema_problems("phone.json", item):
                self._problem(f"{path}/phones/{i}{sub_path}", message)

        def phone(item: object, phone_path: str, contact: str | None) -> None:
            self.phone(item, phone_path, contact, service_id=owner_id)

        self.children("contact", contact_id, obj, path, phone=phone)

    def phone(
        self, obj: object, path: str, owner_id: str | None, *, service_id: str | None
    ) -> None:
        phone_id = self.record("phone", obj, path, {"contact_id": owner_id})
        languages = obj.get("languages") if isinstance(obj, dict) else None
        for i, item in enumerate(languages if isinstance(languages, list) else []):
            implied: Row = {"service_id": service_id, "phone_id": phone_id}
            self.record("language", item, f"{path}/languages/{i}", implied)

    def attribute(self, obj: object, path: str, owner_id: str | None) -> None:
        term_id = None
        if isinstance(obj, dict) and isinstance(obj.get("taxonomy_term"), dict):
            term_id = self.record(
                "taxonomy_term", obj["taxonomy_term"], f"{path}/taxonomy_term", {}
            )
        self.record("attribute", obj, path, {"link_id": owner_id, "taxonomy_term_id": term_id})

    def taxonomy(self, obj: object, path: str) -> None:
        taxonomy_id = self.record("taxonomy", obj, path, {})
        terms = obj.get("taxonomy_terms") if isinstance(obj, dict) else None
        for i, item in enumerate(terms if isinstance(terms, list) else []):
            self.record(
                "taxonomy_term", item, f"{path}/taxonomy_terms/{i}", {"taxonomy_id": taxonomy_id}
            )

    def taxonomy_term(self, obj: object, path: str) -> None:
        self.record("taxonomy_term", obj, path, {})
