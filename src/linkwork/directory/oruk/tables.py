"""The tables of Open Referral UK 3.0 and how they hang together.

Column names and order follow the standard's `datapackage.json` (a test holds them to it);
the kind of each column follows its JSON Schema, except `schedule.interval`, which we keep as
a whole number because RFC 5545 intervals are whole numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    UUID = "uuid"
    NUMBER = "number"  # any JSON number
    INTEGER = "integer"
    DATE = "date"  # YYYY-MM-DD
    TIME = "time"  # HH:MM[:SS] with an optional zone, kept as published
    DATETIME = "datetime"  # ISO 8601, normalised to UTC with milliseconds


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind = Kind.TEXT
    # A reference that must resolve to a record of this table (in the file or already held).
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    csv_file: str
    columns: tuple[Column, ...]
    required: tuple[str, ...] = ("id",)
    # The column naming the record that owns this one. A file that lists an owner's records
    # of this table in full replaces the set held for that owner.
    owner: str | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")


def _id() -> Column:
    return Column("id", Kind.UUID)


def _ref(name: str, table: str) -> Column:
    return Column(name, Kind.UUID, ref=table)


TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "organization",
            "organizations.csv",
            (
                _id(),
                Column("name"),
                Column("description"),
                Column("email"),
                Column("website"),
                Column("logo"),
                Column("uri"),
                # Kept as published: it may name an organisation outside this dataset.
                Column("parent_organization_id", Kind.UUID),
            ),
            required=("id", "name", "description"),
        ),
        Table(
            "service",
            "services.csv",
            (
                _id(),
                _ref("organization_id", "organization"),
                Column("name"),
                Column("description"),
                Column("url"),
                Column("email"),
                Column("status"),
                Column("fees"),
                Column("accreditations"),
                Column("minimum_age", Kind.NUMBER),
                Column("maximum_age", Kind.NUMBER),
                Column("assured_date", Kind.DATE),
                Column("assurer_email"),
                Column("alert"),
                Column("last_modified", Kind.DATETIME),
            ),
            required=("id", "name", "status"),
        ),
        Table(
            "attribute",
            "attribute.csv",
            (
                _id(),
                # Any record's id: services, organisations, locations, contacts and so on.
                Column("link_id", Kind.UUID),
                _ref("taxonomy_term_id", "taxonomy_term"),
                Column("link_type"),
            ),
            owner="link_id",
        ),
        Table(
            "service_at_location",
            "service_at_location.csv",
            (_id(), _ref("service_id", "service"), _ref("location_id", "location")),
            owner="service_id",
        ),
        Table(
            "location",
            "locations.csv",
            (
                _id(),
                Column("location_type"),
                Column("name"),
                Column("description"),
                Column("latitude", Kind.NUMBER),
                Column("longitude", Kind.NUMBER),
                Column("external_identifier"),
                Column("external_identifier_type"),
            ),
            required=("id", "location_type"),
        ),
        Table(
            "phone",
            "phones.csv",
            (_id(), _ref("contact_id", "contact"), Column("number"), Column("description")),
            required=("id", "number"),
            owner="contact_id",
        ),
        Table(
            "contact",
            "contacts.csv",
            (_id(), _ref("service_id", "service"), Column("name"), Column("title")),
            owner="service_id",
        ),
        Table(
            "address",
            "address.csv",
            (
                _id(),
                _ref("location_id", "location"),
                Column("attention"),
                Column("address_1"),
                Column("city"),
                Column("region"),
                Column("state_province"),
                Column("postal_code"),
                Column("country"),
                Column("address_type"),
            ),
            required=(
                "id",
                "address_1",
                "city",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ),
            owner="location_id",
        ),
        Table(
            "schedule",
            "schedule.csv",
            (
                _id(),
                _ref("service_id", "service"),
                _ref("service_at_location_id", "service_at_location"),
                Column("valid_from", Kind.DATE),
                Column("valid_to", Kind.DATE),
                Column("dtstart", Kind.DATE),
                Column("freq"),
                Column("interval", Kind.INTEGER),
                Column("byday"),
                Column("bymonthday"),
                Column("description"),
                Column("opens_at", Kind.TIME),
                Column("closes_at", Kind.TIME),
                Column("schedule_link"),
                Column("attending_type"),
                Column("notes"),
            ),
            owner="service_id",
        ),
        Table(
            "funding",
            "funding.csv",
            (_id(), _ref("service_id", "service"), Column("source")),
            owner="service_id",
        ),
        Table(
            "service_area",
            "service_areas.csv",
            (
                _id(),
                _ref("service_id", "service"),
                Column("name"),
                Column("extent"),
                Column("extent_type"),
                Column("uri"),
                Column("service_area"),
            ),
            owner="service_id",
        ),
        Table(
            "language",
            "languages.csv",
            (_id(), _ref("service_id", "service"), _ref("phone_id", "phone")),
            owner="service_id",
        ),
        Table(
            "accessibility",
            "accessibility.csv",
            (
                _id(),
                _ref("location_id", "location"),
                Column("description"),
                Column("details"),
                Column("url"),
                Column("accessibility"),
            ),
            owner="location_id",
        ),
        Table(
            "taxonomy_term",
            "taxonomy_terms.csv",
            (
                _id(),
                Column("name"),
                Column("description"),
                # Both kept as published: publishers often name parents and taxonomies that
                # their files do not include (the standard's own examples do).
                Column("parent_id", Kind.UUID),
                Column("taxonomy"),
                Column("taxonomy_id", Kind.UUID),
                Column("term_uri"),
                Column("term"),
            ),
            required=("id", "name", "description"),
        ),
        Table(
            "cost_option",
            "cost_options.csv",
            (
                _id(),
                _ref("service_id", "service"),
                Column("valid_from", Kind.DATE),
                Column("valid_to", Kind.DATE),
                Column("option"),
                Column("amount", Kind.NUMBER),
                Column("amount_description"),
            ),
            owner="service_id",
        ),
        Table(
            "organization_identifier",
            "organization_identifiers.csv",
            (
                _id(),
                _ref("organization_id", "organization"),
                Column("identifier_scheme"),
                Column("identifier_type"),
                Column("identifier"),
            ),
            required=("id", "identifier_type", "identifier"),
            owner="organization_id",
        ),
        Table(
            "taxonomy",
            "taxonomies.csv",
            (_id(), Column("name"), Column("description"), Column("uri"), Column("version")),
            required=("id", "name", "description"),
        ),
    )
}

# Referenced tables come before the tables that refer to them.
WRITE_ORDER: tuple[str, ...] = (
    "taxonomy",
    "taxonomy_term",
    "organization",
    "organization_identifier",
    "location",
    "address",
    "accessibility",
    "service",
    "service_at_location",
    "schedule",
    "service_area",
    "funding",
    "cost_option",
    "contact",
    "phone",
    "language",
    "attribute",
)

# Tables whose records an attribute may describe (its `link_id`), in the standard's nesting.
LINKABLE: tuple[str, ...] = (
    "service",
    "organization",
    "organization_identifier",
    "location",
    "address",
    "accessibility",
    "contact",
)

# Children an owner's record carries in the nested JSON, by the key they sit under.
NESTED_CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (
        ("schedules", "schedule"),
        ("service_areas", "service_area"),
        ("service_at_locations", "service_at_location"),
        ("languages", "language"),
        ("funding", "funding"),
        ("cost_options", "cost_option"),
        ("contacts", "contact"),
        ("attributes", "attribute"),
    ),
    "organization": (
        ("organization_identifiers", "organization_identifier"),
        ("attributes", "attribute"),
    ),
    "organization_identifier": (("attributes", "attribute"),),
    "location": (
        ("addresses", "address"),
        ("accessibility", "accessibility"),
        ("attributes", "attribute"),
    ),
    "address": (("attributes", "attribute"),),
    "accessibility": (("attributes", "attribute"),),
    "contact": (("phones", "phone"), ("attributes", "attribute")),
}
