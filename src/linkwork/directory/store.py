"""Writing canonical rows to the directory's tables, and reading back what it holds.

Writes compare each row with what is held and touch only what differs, so importing the same
file twice changes nothing (not even `updated_at`). Callers own the transaction.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Model, QuerySet
from django.utils import timezone

from linkwork.core.needs import Need
from linkwork.directory.mapping import (
    canonical_row,
    field_name,
    field_names,
    model_values,
    usable_point,
)
from linkwork.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    DirectoryOrganization,
    Funding,
    Language,
    Location,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from linkwork.directory.needs import need_term_id
from linkwork.directory.oruk.records import Dataset
from linkwork.directory.oruk.tables import TABLES, WRITE_ORDER
from linkwork.directory.oruk.values import Row
from linkwork.identifiers import IdentifierError, normalise_postcode
from linkwork.lookups.models import PostcodeLookup
from linkwork.organisations.models import Region

MODELS: dict[str, type[Model]] = {
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
    "organization": DirectoryOrganization,
    "organization_identifier": OrganizationIdentifier,
    "location": Location,
    "address": Address,
    "accessibility": Accessibility,
    "service": Service,
    "service_at_location": ServiceAtLocation,
    "schedule": Schedule,
    "service_area": ServiceArea,
    "funding": Funding,
    "cost_option": CostOption,
    "contact": Contact,
    "phone": Phone,
    "language": Language,
    "attribute": Attribute,
}
_BATCH = 500  # keeps IN lists under SQLite's variable limit


def _chunks(ids: list[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def _uuids(ids: Iterable[str]) -> list[uuid.UUID]:
    found = []
    for value in ids:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return sorted(found)


class HeldRows:
    """What the directory holds, as canonical rows (the `Held` the resolver asks)."""

    def rows(self, table: str, ids: set[str]) -> dict[str, Row]:
        model = MODELS[table]
        found: dict[str, Row] = {}
        for chunk in _chunks(_uuids(ids)):
            for values in model._default_manager.filter(pk__in=chunk).values(
                "id", *field_names(table)[1:]
            ):
                found[str(values["id"])] = canonical_row(table, values)
        return found


@dataclass(slots=True)
class TableCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


def _upsert(
    table: str,
    rows: dict[str, Row],
    count: TableCount,
    region: Region | None,
    derived: dict[str, dict[str, object]] | None = None,
) -> None:
    model = MODELS[table]
    ids = _uuids(rows)
    wanted: dict[uuid.UUID, dict[str, object]] = {}
    for record_id in ids:
        values = model_values(table, rows[str(record_id)])
        if derived:
            values.update(derived.get(str(record_id), {}))
        if table == "service" and region is not None:
            values["region_id"] = region.pk
        wanted[record_id] = values
    names = sorted({name for values in wanted.values() for name in values})
    # What is held is compared as plain values, not model instances: a re-import of an
    # unchanged directory reads every row and should cost little more than that.
    held: dict[uuid.UUID, dict[str, object]] = {}
    for chunk in _chunks(ids):
        for found in model._default_manager.filter(pk__in=chunk).values("id", *names):
            held[found.pop("id")] = found
    to_create: list[Model] = []
    to_update: list[Model] = []
    changed_fields: set[str] = set()
    now = timezone.now()
    for record_id, values in wanted.items():
        current = held.get(record_id)
        if current is None:
            to_create.append(model(id=record_id, **values))
            continue
        changed = [name for name, value in values.items() if current[name] != value]
        if not changed:
            count.unchanged += 1
            continue
        # Every wanted value, not only this row's changes: bulk_update writes the union of
        # the changed fields to every row it updates.
        instance = model(id=record_id, **values)
        instance.updated_at = now  # type: ignore[attr-defined]
        changed_fields.update(changed)
        to_update.append(instance)
    model._default_manager.bulk_create(to_create, batch_size=_BATCH)
    if to_update:
        fields = sorted(changed_fields | {"updated_at"})
        model._default_manager.bulk_update(to_update, fields, batch_size=_BATCH)
    count.created += len(to_create)
    count.updated += len(to_update)


def _delete_unlisted(dataset: Dataset, counts: dict[str, TableCount]) -> None:
    """Owners whose children the file lists in full lose the children it does not list."""
    owners: dict[str, set[str]] = defaultdict(set)
    for _owner_table, owner_id, child in dataset.stated:
        owners[child].add(owner_id)
    for child in reversed(WRITE_ORDER):
        if child not in owners:
            continue
        owner_column = TABLES[child].owner
        assert owner_column is not None
        model = MODELS[child]
        keep = set(_uuids(dataset.rows.get(child, {})))
        attname = field_name(child, owner_column)
        # The difference is taken here, not in SQL: an `exclude(pk__in=keep)` would send every
        # child id the file lists again with each chunk of owners.
        doomed: list[uuid.UUID] = []
        for chunk in _chunks(_uuids(owners[child])):
            held = model._default_manager.filter(**{f"{attname}__in": chunk}).values_list(
                "pk", flat=True
            )
            doomed.extend(pk for pk in held if pk not in keep)
        for chunk in _chunks(sorted(doomed)):
            deleted, _ = model._default_manager.filter(pk__in=chunk).delete()
            counts[child].deleted += deleted


def dataset_write(dataset: Dataset, *, region: Region | None = None) -> dict[str, TableCount]:
    """Create or update every row of the dataset, then remove children it no longer lists.

    `region`, when given, is where new services are listed (and existing ones move)."""
    counts = {table: TableCount() for table in WRITE_ORDER}
    points, later = _location_points(dataset)
    for table in WRITE_ORDER:
        rows = dataset.rows.get(table)
        if rows:
            _upsert(table, rows, counts[table], region, points if table == "location" else None)
    _delete_unlisted(dataset, counts)
    locations_geocode(location_ids=_uuids(later))
    _mark_need_terms()
    return counts


def _mark_need_terms() -> None:
    """The needs taxonomy's terms (known by their derived ids) say which need they meet, even
    when they arrive in a file, so categories keep working after a round trip."""
    codes = {need_term_id(code): code for code in Need.values}
    for term_id, need in TaxonomyTerm.objects.filter(pk__in=codes).values_list("pk", "need"):
        if need != codes[term_id]:
            TaxonomyTerm.objects.filter(pk=term_id).update(need=codes[term_id])


def _centroids(postcodes: set[str]) -> dict[str, tuple[float | None, float | None]]:
    found: dict[str, tuple[float | None, float | None]] = {}
    ordered = sorted(postcodes)
    for start in range(0, len(ordered), _BATCH):
        found.update(
            (postcode, (latitude, longitude))
            for postcode, latitude, longitude in PostcodeLookup.objects.filter(
                postcode__in=ordered[start : start + _BATCH], latitude__isnull=False
            ).values_list("postcode", "latitude", "longitude")
        )
    return found


def _point(
    row: Row, postcode: str | None, centroids: dict[str, tuple[float | None, float | None]]
) -> tuple[float | None, float | None]:
    latitude, longitude = row.get("latitude"), row.get("longitude")
    if (
        isinstance(latitude, int | Decimal)
        and isinstance(longitude, int | Decimal)
        and usable_point(float(latitude), float(longitude))
    ):
        return float(latitude), float(longitude)
    return centroids.get(postcode or "", (None, None))


def _location_points(dataset: Dataset) -> tuple[dict[str, dict[str, object]], set[str]]:
    """Where the dataset's locations are, when the dataset alone says so (new locations, or
    ones whose addresses it lists in full); and the locations to place after writing."""
    locations = dataset.rows.get("location", {})
    addresses = dataset.rows.get("address", {})
    later = {str(row["location_id"]) for row in addresses.values() if row.get("location_id")}
    held = {
        str(pk)
        for chunk in _chunks(_uuids(locations))
        for pk in Location.objects.filter(pk__in=chunk).values_list("pk", flat=True)
    }
    postcodes: dict[str, str] = {}
    for address_id in sorted(addresses):
        row = addresses[address_id]
        try:
            postcode = normalise_postcode(str(row.get("postal_code") or ""))
        except IdentifierError:
            continue
        postcodes.setdefault(str(row.get("location_id")), postcode)
    centroids = _centroids(set(postcodes.values()))
    points: dict[str, dict[str, object]] = {}
    for location_id, row in locations.items():
        # New locations have nothing held to fall back on: what the row omits is empty.
        complete = location_id not in held or ("latitude" in row and "longitude" in row)
        addresses_known = location_id not in held or ("location", location_id, "address") in (
            dataset.stated
        )
        if complete and addresses_known:
            latitude, longitude = _point(row, postcodes.get(location_id), centroids)
            points[location_id] = {"geo_latitude": latitude, "geo_longitude": longitude}
            later.discard(location_id)
        else:
            later.add(location_id)
    return points, later


def locations_geocode(*, location_ids: list[uuid.UUID] | None = None) -> int:
    """Set where distances are measured from: the published point when usable, else the
    centroid of the first address's postcode. Returns how many locations changed."""
    if location_ids is None:
        return _geocode(Location.objects.all())
    return sum(_geocode(Location.objects.filter(pk__in=chunk)) for chunk in _chunks(location_ids))


def _geocode(locations: QuerySet[Location]) -> int:
    postcodes: dict[uuid.UUID, str] = {}
    for location_id, postal_code in (
        Address.objects.filter(location__in=locations)
        .order_by("location_id", "id")
        .values_list("location_id", "postal_code")
    ):
        try:
            postcodes.setdefault(location_id, normalise_postcode(postal_code))
        except IdentifierError:
            continue
    centroids: dict[str, tuple[float | None, float | None]] = {
        postcode: (latitude, longitude)
        for postcode, latitude, longitude in PostcodeLookup.objects.filter(
            postcode__in=set(postcodes.values()), latitude__isnull=False
        ).values_list("postcode", "latitude", "longitude")
    }
    changed = []
    for location in locations.only("id", "latitude", "longitude", "geo_latitude", "geo_longitude"):
        point: tuple[float | None, float | None] = (None, None)
        if usable_point(location.latitude, location.longitude):
            point = (location.latitude, location.longitude)
        elif location.pk in postcodes:
            point = centroids.get(postcodes[location.pk], (None, None))
        if (location.geo_latitude, location.geo_longitude) != point:
            location.geo_latitude, location.geo_longitude = point
            changed.append(location)
    Location.objects.bulk_update(changed, ["geo_latitude", "geo_longitude"], batch_size=_BATCH)
    return len(changed)


def directory_state() -> str:
    """A SHA-256 of how many rows each directory table holds and when the newest changed, and
    of the postcode lookup's size: any write, deletion or postcode load since changes it.
    Every directory row carries `updated_at`, which Django sets on each save and bulk write."""
    digest = hashlib.sha256()
    for table, model in sorted(MODELS.items()):
        state = model._default_manager.aggregate(rows=Count("pk"), newest=Max("updated_at"))
        digest.update(f"{table}:{state['rows']}:{state['newest']}\n".encode())
    lookups = PostcodeLookup.objects.aggregate(rows=Count("pk"), last=Max("pk"))
    digest.update(f"postcodes:{lookups['rows']}:{lookups['last']}\n".encode())
    return digest.hexdigest()
