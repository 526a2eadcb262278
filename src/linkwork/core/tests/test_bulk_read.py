"""`value_columns` gives the same values whichever way it reads: streamed through the ORM,
through `COPY ... TO` inside a transaction, or through ADBC outside one (PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection

from linkwork.core import bulk_read
from linkwork.core.bulk_read import column_kind, value_columns
from linkwork.episodes.models import Encounter, Referral
from linkwork.people.models import Person
from linkwork.testing.world import build_small_world

AWKWARD = (
    'O\'Neill "the elder"',
    "tab\there, and a comma",
    "two\nlines\r\nand a backslash \\N",
    "\\N",
    "Zoë Ó Súilleabháin 王 🙂",
    "",
)
PERSON_FIELDS = (
    "id",
    "scheme_id",
    "practice_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "interpreter_needed",
    "deprivation_decile",
)
REFERRAL_FIELDS = (
    "id",
    "person_id",
    "person__date_of_birth",
    "received_on",
    "first_contact_on",
    "at_risk",
    "previous_episode_id",
    "reasons",
)
ENCOUNTER_FIELDS = (
    "id",
    "referral_id",
    "occurred_on",
    "attended",
    "duration_minutes",
    "created_at",
)


def _build() -> None:
    world = build_small_world()
    for i, name in enumerate(AWKWARD):
        person = Person.objects.create(
            id=uuid.uuid4(),
            scheme=world.scheme,
            practice=world.practice if i % 2 else None,
            given_name=name,
            family_name=name[::-1],
            date_of_birth=date(1950 + i, 2, 28),
            interpreter_needed=i % 2 == 0,
            deprivation_decile=None if i % 2 else i + 1,
        )
        referral = Referral.objects.create(
            scheme=world.scheme,
            person=person,
            practice=world.practice,
            source="gp",
            received_on=date(2026, 1, 1) + timedelta(days=i),
            first_contact_on=None if i % 3 else date(2026, 2, 1),
            at_risk=i == 2,
            at_risk_reason="Said they felt unsafe at home." if i == 2 else "",
            status_changed_at=datetime(2026, 1, 1, 9, tzinfo=UTC),
            reasons=[] if i == 0 else ["loneliness_isolation", "money"][: 1 + i % 2],
        )
        Encounter.objects.create(
            scheme=world.scheme,
            person=person,
            referral=referral,
            practice=world.practice,
            occurred_on=date(2026, 3, 1),
            mode="in_person",
            duration_minutes=30 + i,
            attended=i % 2 == 0,
            recorded_by=world.users[next(iter(world.users))],
        )


def _queries() -> list[tuple[Any, tuple[str, ...]]]:
    return [
        (Person.objects.order_by("date_of_birth", "id"), PERSON_FIELDS),
        (Referral.objects.order_by("received_on", "id"), REFERRAL_FIELDS),
        (Encounter.objects.order_by("duration_minutes", "id"), ENCOUNTER_FIELDS),
    ]


def _expected(qs: Any, fields: tuple[str, ...]) -> dict[str, list[Any]]:
    """The ORM's own values, keys as their text."""
    rows = list(qs.values_list(*fields))
    columns = {name: [row[i] for row in rows] for i, name in enumerate(fields)}
    for name in fields:
        if column_kind(qs.model, name) == "UUIDField":
            columns[name] = [None if v is None else str(v) for v in columns[name]]
    return columns


@pytest.mark.django_db
def test_every_path_reads_the_values_the_orm_reads() -> None:
    _build()
    for qs, fields in _queries():
        expected = _expected(qs, fields)
        assert len(expected["id"]) == len(AWKWARD)
        assert value_columns(qs, fields) == expected
        kinds = [column_kind(qs.model, name) for name in fields]
        streamed = bulk_read._streamed(qs, fields, kinds)
        assert streamed.columns == list(fields)
        if connection.vendor == "postgresql":
            assert bulk_read._copied(qs, fields, kinds).equals(streamed)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_postgresql_reads_through_arrow() -> None:
    _build()
    used: list[str] = []
    original = bulk_read._arrow

    def spy(*args: Any) -> Any:
        used.append("arrow")
        return original(*args)

    bulk_read._arrow = spy  # type: ignore[assignment]
    try:
        for qs, fields in _queries():
            assert value_columns(qs, fields) == _expected(qs, fields)
    finally:
        bulk_read._arrow = original
    assert used == (["arrow"] * 3 if connection.vendor == "postgresql" else [])


@pytest.mark.django_db
def test_an_empty_query_gives_empty_columns() -> None:
    _build()
    qs = Person.objects.filter(given_name="nobody of that name")
    assert value_columns(qs, PERSON_FIELDS) == {name: [] for name in PERSON_FIELDS}


def test_a_foreign_key_reads_as_the_kind_of_key_it_points_at() -> None:
    assert column_kind(Referral, "person_id") == "UUIDField"
    assert column_kind(Referral, "person__date_of_birth") == "DateField"
    assert column_kind(Encounter, "duration_minutes") == "PositiveSmallIntegerField"


@pytest.mark.django_db
def test_a_filter_no_row_can_meet_gives_empty_columns() -> None:
    _build()
    qs = Person.objects.filter(pk__in=[])
    assert value_columns(qs, PERSON_FIELDS) == {name: [] for name in PERSON_FIELDS}
