"""Reading the directory back as canonical rows, for export files and the public API.

`directory_rows()` loads everything; `service_rows()` loads what the documents of some
services need, in a fixed number of queries however many services there are.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable

from django.db.models import Q

from linkwork.directory.mapping import canonical_row, field_names
from linkwork.directory.oruk.nest import Document, Nester
from linkwork.directory.oruk.tables import LINKABLE, WRITE_ORDER
from linkwork.directory.oruk.values import Row
from linkwork.directory.store import MODELS

Rows = dict[str, dict[str, Row]]


def _load(table: str, condition: Q | None = None) -> dict[str, Row]:
    queryset = MODELS[table]._default_manager.all()
    if condition is not None:
        queryset = queryset.filter(condition)
    names = field_names(table)
    return {
        str(values["id"]): canonical_row(table, values)
        for values in queryset.order_by("id").values("id", *names[1:])
    }


def directory_rows() -> Rows:
    """Every record the directory holds."""
    return {table: _load(table) for table in WRITE_ORDER}


def _ids(rows: dict[str, Row], column: str = "id") -> set[uuid.UUID]:
    return {uuid.UUID(str(row[column])) for row in rows.values() if row.get(column)}


def service_rows(service_ids: Collection[uuid.UUID], *, full: bool, locations: bool) -> Rows:
    """The rows the documents of these services need: with `full`, everything nested in
    them; without, the services, their organisations and (with `locations`) where they are."""
    rows: Rows = {"service": _load("service", Q(pk__in=list(service_ids)))}
    services = Q(service__in=list(service_ids))
    rows["organization"] = _load("organization", Q(pk__in=_ids(rows["service"], "organization_id")))
    if locations or full:
        rows["service_at_location"] = _load("service_at_location", services)
        at = _ids(rows["service_at_location"], "location_id")
        rows["location"] = _load("location", Q(pk__in=at))
    if not full:
        return rows
    for table in ("schedule", "service_area", "funding", "cost_option", "contact", "language"):
        rows[table] = _load(table, services)
    rows["phone"] = _load("phone", Q(contact__in=_ids(rows["contact"])))
    organizations = _ids(rows["organization"])
    rows["organization_identifier"] = _load(
        "organization_identifier", Q(organization__in=organizations)
    )
    location_ids = _ids(rows["location"])
    rows["address"] = _load("address", Q(location__in=location_ids))
    rows["accessibility"] = _load("accessibility", Q(location__in=location_ids))
    linked: set[uuid.UUID] = set()
    for table in LINKABLE:
        linked |= _ids(rows.get(table, {}))
    rows["attribute"] = _load("attribute", Q(link_ref__in=linked))
    rows["taxonomy_term"] = _load(
        "taxonomy_term", Q(pk__in=_ids(rows["attribute"], "taxonomy_term_id"))
    )
    return rows


def service_documents(service_ids: Iterable[uuid.UUID], *, full: bool) -> list[Document]:
    """Services in the standard's shape (`full`: as `/services/{id}`; else as list items),
    in the order of `service_ids`."""
    ordered = [str(service_id) for service_id in service_ids]
    rows = service_rows([uuid.UUID(i) for i in ordered], full=full, locations=False)
    nester = Nester(rows)
    return [nester.service(rows["service"][i], full=full) for i in ordered if i in rows["service"]]


def json_export_documents() -> dict[str, list[Document]]:
    """The whole directory as JSON files of the standard's shapes, by file name.

    Services carry everything nested in them; organisations and taxonomies (with their
    terms) are written too so that ones no service uses survive a round trip."""
    rows = directory_rows()
    nester = Nester(rows)
    taxonomies = set(rows["taxonomy"])
    loose_terms = [
        row for row in rows["taxonomy_term"].values() if row.get("taxonomy_id") not in taxonomies
    ]
    return {
        "services.json": [nester.service(row, full=True) for row in rows["service"].values()],
        "organizations.json": [
            nester.organization(row, full=True) for row in rows["organization"].values()
        ],
        "taxonomies.json": [nester.taxonomy(row, full=True) for row in rows["taxonomy"].values()],
        "taxonomy_terms.json": [nester.taxonomy_term(row) for row in loose_terms],
    }


def service_at_location_documents(ids: Iterable[uuid.UUID], *, full: bool) -> list[Document]:
    """Service-at-locations in the standard's shape (`full`: with everything in the location
    and the service), in the order of `ids`."""
    ordered = [str(record_id) for record_id in ids]
    links = _load("service_at_location", Q(pk__in=[uuid.UUID(i) for i in ordered]))
    service_ids = _ids(links, "service_id")
    rows = service_rows(service_ids, full=full, locations=True)
    rows["service_at_location"] = links
    if not full:
        rows["location"] = _load("location", Q(pk__in=_ids(links, "location_id")))
    nester = Nester(rows)
    return [nester.service_at_location(links[i], full=full) for i in ordered if i in links]


def taxonomy_documents(ids: Iterable[uuid.UUID], *, full: bool) -> list[Document]:
    ordered = [str(record_id) for record_id in ids]
    rows: Rows = {"taxonomy": _load("taxonomy", Q(pk__in=[uuid.UUID(i) for i in ordered]))}
    if full:
        rows["taxonomy_term"] = _load("taxonomy_term", Q(taxonomy_ref__in=_ids(rows["taxonomy"])))
    nester = Nester(rows)
    return [
        nester.taxonomy(rows["taxonomy"][i], full=full) for i in ordered if i in rows["taxonomy"]
    ]


def taxonomy_term_documents(ids: Iterable[uuid.UUID]) -> list[Document]:
    ordered = [str(record_id) for record_id in ids]
    terms = _load("taxonomy_term", Q(pk__in=[uuid.UUID(i) for i in ordered]))
    nester = Nester({"taxonomy_term": terms})
    return [nester.taxonomy_term(terms[i]) for i in ordered if i in terms]
