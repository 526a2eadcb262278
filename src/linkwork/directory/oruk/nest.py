"""Canonical rows back into the standard's nested JSON shapes.

Empty optional fields are omitted, required ones are always written, and references that the
nesting already says (a schedule's `service_id` inside its service) are left out, as in the
standard's examples. Children come in id order so the same data always gives the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from linkwork.directory.oruk.tables import NESTED_CHILDREN, TABLES
from linkwork.directory.oruk.values import Row, json_value

Document = dict[str, Any]

# Where each child table points at its owner.
_OWNER_COLUMN: dict[str, str] = {
    name: table.owner for name, table in TABLES.items() if table.owner is not None
}


class Nester:
    """Builds documents from every row they need: table -> id -> row."""

    def __init__(self, rows: Mapping[str, Mapping[str, Row]]) -> None:
        self.rows = rows
        self._children: dict[tuple[str, str], dict[str, list[Row]]] = {}

    def row(self, table: str, record_id: object) -> Row | None:
        if not isinstance(record_id, str):
            return None
        return self.rows.get(table, {}).get(record_id)

    def children(self, table: str, column: str, owner_id: object) -> list[Row]:
        key = (table, column)
        if key not in self._children:
            index: dict[str, list[Row]] = defaultdict(list)
            for record_id in sorted(self.rows.get(table, {})):
                row = self.rows[table][record_id]
                owner = row.get(column)
                if isinstance(owner, str):
                    index[owner].append(row)
            self._children[key] = index
        return self._children[key].get(str(owner_id), [])

    # -- scalar fields -------------------------------------------------------------------

    @staticmethod
    def scalars(table: str, row: Row, omit: frozenset[str] = frozenset()) -> Document:
        spec = TABLES[table]
        doc: Document = {}
        for name in spec.column_names:
            if name in omit:
                continue
            value = row.get(name)
            if value is None:
                if name in spec.required:
                    doc[name] = ""
                continue
            doc[name] = json_value(value)
        return doc

    def _nested(self, owner: str, row: Row, doc: Document, *, skip: frozenset[str]) -> None:
        builders = {
            "attribute": self.attribute,
            "phone": lambda r: self.scalars("phone", r, frozenset({"contact_id"})),
            "address": lambda r: self._with_children("address", r, {"location_id"}),
            "accessibility": lambda r: self._with_children("accessibility", r, {"location_id"}),
            "organization_identifier": lambda r: self._with_children(
                "organization_identifier", r, {"organization_id"}
            ),
        }
        for key, table in NESTED_CHILDREN[owner]:
            if table in skip:
                continue
            column = _OWNER_COLUMN[table]
            children = self.children(table, column, row["id"])
            if children:
                build = builders.get(
                    table, lambda r, t=table, c=column: self.scalars(t, r, frozenset({c}))
                )
                doc[key] = [build(child) for child in children]

    def _with_children(self, table: str, row: Row, omit: set[str]) -> Document:
        doc = self.scalars(table, row, frozenset(omit))
        self._nested(table, row, doc, skip=frozenset())
        return doc

    # -- shapes --------------------------------------------------------------------------

    def attribute(self, row: Row) -> Document:
        term = self.row("taxonomy_term", row.get("taxonomy_term_id"))
        omit = {"link_id"} if term is None else {"link_id", "taxonomy_term_id"}
        doc = self.scalars("attribute", row, frozenset(omit))
        if term is not None:
            doc["taxonomy_term"] = self.taxonomy_term(term)
        return doc

    def taxonomy_term(self, row: Row, *, inside_taxonomy: bool = False) -> Document:
        omit = frozenset({"taxonomy_id"}) if inside_taxonomy else frozenset()
        return self.scalars("taxonomy_term", row, omit)

    def taxonomy(self, row: Row, *, full: bool) -> Document:
        doc = self.scalars("taxonomy", row)
        terms = self.children("taxonomy_term", "taxonomy_id", row["id"]) if full else []
        if terms:
            doc["taxonomy_terms"] = [self.taxonomy_term(t, inside_taxonomy=True) for t in terms]
        return doc

    def organization(self, row: Row, *, full: bool, services: bool = False) -> Document:
        doc = self.scalars("organization", row)
        if full:
            self._nested("organization", row, doc, skip=frozenset())
        if services:
            found = self.children("service", "organization_id", row["id"])
            if found:
                doc["services"] = [self.service(s, full=True, organization=False) for s in found]
        return doc

    def location(self, row: Row, *, full: bool) -> Document:
        doc = self.scalars("location", row)
        if full:
            self._nested("location", row, doc, skip=frozenset())
        return doc

    def contact(self, row: Row) -> Document:
        return self._with_children("contact", row, {"service_id"})

    def service(
        self,
        row: Row,
        *,
        full: bool,
        organization: bool = True,
        locations: bool = True,
    ) -> Document:
        org = self.row("organization", row.get("organization_id"))
        omit = {"organization_id"} if org is not None or not organization else set()
        doc = self.scalars("service", row, frozenset(omit))
        if not full:
            if organization and org is not None:
                doc["organization"] = self.organization(org, full=False)
            return doc
        for key, table in NESTED_CHILDREN["service"]:
            if key == "funding" and organization and org is not None:
                # The standard's order puts the organisation between languages and funding.
                doc["organization"] = self.organization(org, full=True)
            if table == "attribute" or (table == "service_at_location" and not locations):
                continue
            children = self.children(table, "service_id", row["id"])
            if not children:
                continue
            if table == "service_at_location":
                doc[key] = [self.service_at_location(c, full=True, service=False) for c in children]
            elif table == "contact":
                doc[key] = [self.contact(c) for c in children]
            else:
                doc[key] = [self.scalars(table, c, frozenset({"service_id"})) for c in children]
        attributes = self.children("attribute", "link_id", row["id"])
        if attributes:
            doc["attributes"] = [self.attribute(a) for a in attributes]
        return doc

    def service_at_location(self, row: Row, *, full: bool, service: bool = True) -> Document:
        location = self.row("location", row.get("location_id"))
        owner = self.row("service", row.get("service_id")) if service else None
        omit = {"location_id"} if location is not None else set()
        omit |= {"service_id"} if owner is not None or not service else set()
        doc = self.scalars("service_at_location", row, frozenset(omit))
        if location is not None:
            doc["location"] = self.location(location, full=full)
        if owner is not None:
            doc["service"] = self.service(owner, full=full, locations=False)
        return doc


def page(contents: list[Document], *, total: int, number: int, per_page: int) -> Document:
    """The standard's `Page` around one page of contents."""
    pages = -(-total // per_page) if per_page else 0
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }
