"""`copy_insert` writes rows as they were given, awkward values and all, on PostgreSQL (COPY)
and SQLite (batched inserts)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from linkwork.core.copy_insert import bulk_loading, copy_insert, insert_dicts, insert_rows
from linkwork.people.models import Consent, Person
from linkwork.testing.planner import times_sampled
from linkwork.testing.world import build_small_world

pytestmark = pytest.mark.django_db

AWKWARD = (
    'O\'Neill "the elder"',
    "tab\there",
    "two\nlines\r\nand a backslash \\N",
    "Zoë Ó Súilleabháin 王 🙂",
    "",
    "\\.",
)


def test_awkward_values_come_back_as_they_went_in() -> None:
    world = build_small_world()
    people = [
        Person(
            id=uuid.uuid4(),
            scheme=world.scheme,
            given_name=name,
            family_name=name[::-1],
            date_of_birth=date(1950 + i, 2, 28),
            interpreter_needed=i % 2 == 0,
            deprivation_decile=None if i % 2 else i + 1,
            practice=world.practice if i % 3 else None,
        )
        for i, name in enumerate(AWKWARD)
    ]
    consents = [
        Consent(
            id=uuid.uuid4(),
            scheme=world.scheme,
            person=person,
            kind="share_with_vcse",
            organisation=world.vcse,
            given=i % 2 == 1,
            shared_fields=["name", person.given_name, {"nested": [1, None, True]}],
            recorded_on=date(2026, 1, 1 + i),
        )
        for i, person in enumerate(people)
    ]

    assert copy_insert(Person, iter(people)) == len(AWKWARD)
    assert copy_insert(Consent, consents) == len(AWKWARD)

    stored = {p.pk: p for p in Person.objects.all()}
    for person in people:
        back = stored[person.pk]
        assert (back.given_name, back.family_name) == (person.given_name, person.family_name)
        assert back.date_of_birth == person.date_of_birth
        assert back.interpreter_needed is person.interpreter_needed
        assert back.deprivation_decile == person.deprivation_decile
        assert back.practice_id == person.practice_id
        assert back.created_at is not None
        assert back.updated_at is not None
    for consent in consents:
        back_consent = Consent.objects.get(pk=consent.pk)
        assert back_consent.shared_fields == consent.shared_fields
        assert back_consent.given is consent.given
        assert back_consent.recorded_on == consent.recorded_on
        assert back_consent.organisation_id == world.vcse.pk
        assert back_consent.recorded_by_id is None


def test_a_row_the_database_refuses_leaves_none_written() -> None:
    world = build_small_world()
    good = Person(
        scheme=world.scheme, given_name="A", family_name="B", date_of_birth=date(1960, 1, 1)
    )
    orphan = Person(
        scheme_id=uuid.uuid4(), given_name="C", family_name="D", date_of_birth=date(1960, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():  # noqa: PT012 - one write
        copy_insert(Person, [good, orphan])
        # Foreign keys are checked when the transaction ends; check them now, inside it.
        if connection.vendor == "postgresql":
            connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
        else:
            connection.check_constraints()
    assert not Person.objects.exists()


def test_plain_rows_come_back_as_they_went_in_with_defaults_for_the_rest() -> None:
    world = build_small_world()
    ids = [uuid.uuid4() for _ in AWKWARD]
    rows = [
        (ids[i], world.scheme.pk, name, name[::-1], date(1950 + i, 2, 28), i % 2 == 0)
        for i, name in enumerate(AWKWARD)
    ]
    columns = (
        "id",
        "scheme_id",
        "given_name",
        "family_name",
        "date_of_birth",
        "interpreter_needed",
    )
    assert insert_rows(Person, columns, iter(rows)) == len(AWKWARD)
    consents = [
        (uuid.uuid4(), world.scheme.pk, ids[i], "service", True, ["name", {"n": [1, None]}])
        for i in range(len(AWKWARD))
    ]
    named = ("id", "scheme_id", "person_id", "kind", "given", "shared_fields")
    with pytest.raises(ValueError, match="recorded_on"):
        # A column with no default must be given.
        insert_rows(Consent, named, consents)
    dated = [(*c, date(2026, 1, 1)) for c in consents]
    assert insert_rows(Consent, (*named, "recorded_on"), dated) == len(AWKWARD)

    stored = {p.pk: p for p in Person.objects.all()}
    for pk, _, given, family, born, interpreter in rows:
        back = stored[pk]
        assert (back.given_name, back.family_name, back.date_of_birth) == (given, family, born)
        assert back.interpreter_needed is interpreter
        # Columns not given take the field's default.
        assert (back.sex, back.preferred_language, back.practice_id) == (
            "not_known",
            "English",
            None,
        )
        assert back.postcode_status == Person._meta.get_field("postcode_status").get_default()
        assert back.created_at is not None
    for consent in Consent.objects.all():
        assert consent.shared_fields == ["name", {"n": [1, None]}]
        assert consent.recorded_by_id is None


def test_plain_rows_name_a_column_the_model_lacks() -> None:
    with pytest.raises(ValueError, match="Person has no column shoe_size"):
        insert_rows(Person, ("id", "shoe_size"), [])


def test_plain_rows_must_give_a_key_that_is_not_numbered_by_the_database() -> None:
    # A default is worked out once for every row, so one uuid4 would be every row's key.
    world = build_small_world()
    with pytest.raises(ValueError, match="must give id"):
        insert_rows(Person, ("scheme_id", "date_of_birth"), [(world.scheme.pk, date(1960, 1, 1))])


def test_rows_as_dicts_keep_each_value_by_its_name() -> None:
    world = build_small_world()
    people: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "scheme_id": world.scheme.pk,
            "given_name": name,
            "family_name": name[::-1],
            "date_of_birth": date(1950 + i, 2, 28),
        }
        for i, name in enumerate(AWKWARD)
    ]
    # Keys in another order from the second row on: each value still goes to its own column.
    people[1:] = [dict(reversed(row.items())) for row in people[1:]]
    assert insert_dicts(Person, people) == len(AWKWARD)
    assert insert_dicts(Person, []) == 0
    stored = {p.pk: p for p in Person.objects.all()}
    for row in people:
        back = stored[row["id"]]
        assert (back.given_name, back.family_name, back.date_of_birth) == (
            row["given_name"],
            row["family_name"],
            row["date_of_birth"],
        )
    with pytest.raises(KeyError):
        insert_dicts(Person, [people[0], {"id": uuid.uuid4(), "scheme_id": world.scheme.pk}])


def _foreign_keys(table: str) -> list[str]:
    """The table's foreign keys and indexes, as PostgreSQL would make them again."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = %s::regclass "
            "UNION ALL SELECT pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = %s::regclass ORDER BY 1",
            [table, table],
        )
        return [row[0] for row in cursor.fetchall()]


def test_keys_checked_at_the_end_of_a_load_still_refuse_a_row_pointing_nowhere() -> None:
    world = build_small_world()
    keys = _foreign_keys("people_person")
    columns = ("id", "scheme_id", "given_name", "family_name", "date_of_birth")
    with transaction.atomic(), bulk_loading(Person):
        insert_rows(Person, columns, [(uuid.uuid4(), world.scheme.pk, "A", "B", date(1960, 1, 1))])
    assert _foreign_keys("people_person") == keys
    with pytest.raises(IntegrityError), transaction.atomic():  # noqa: PT012 - one load
        with bulk_loading(Person):
            insert_rows(Person, columns, [(uuid.uuid4(), uuid.uuid4(), "C", "D", date(1960, 1, 1))])
        if connection.vendor != "postgresql":
            connection.check_constraints()
    assert _foreign_keys("people_person") == keys
    assert list(Person.objects.values_list("given_name", flat=True)) == ["A"]


def test_a_bulk_load_samples_the_tables_it_loaded_for_the_planner() -> None:
    # Rebuilding an index tells the planner how many rows there are, not how they spread
    # (which statuses are common, how many keys are empty): only ANALYZE does.
    world = build_small_world()
    columns = ("id", "scheme_id", "given_name", "family_name", "date_of_birth")
    rows = [(uuid.uuid4(), world.scheme.pk, "A", f"B{i}", date(1960, 1, 1)) for i in range(30)]
    before = times_sampled("people_person")
    with transaction.atomic(), bulk_loading(Person):
        insert_rows(Person, columns, rows)
    if connection.vendor == "postgresql":
        assert before is not None
        assert times_sampled("people_person") == before + 1
    else:
        assert times_sampled("people_person") is None
