"""The database refuses to change or remove audit events, whoever asks: the ORM, raw SQL, a
second connection. Only the maintenance switch that `flush` turns on gets through. Runs on
SQLite and PostgreSQL (set DATABASE_URL)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from linkwork.audit.maintenance import audit_maintenance
from linkwork.audit.models import AuditEvent, AuditSubject
from linkwork.audit.services import audit_record, audit_record_list
from linkwork.testing.world import SmallWorld, refer

pytestmark = pytest.mark.django_db


def an_event() -> AuditEvent:
    audit_record(actor=None, action="update", object_type="person", detail={"field": "name"})
    return AuditEvent.objects.order_by("-id").first()  # type: ignore[return-value]


def refused(attack: Callable[[], object]) -> None:
    # A savepoint, so the refusal does not spoil the test's transaction on PostgreSQL.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        attack()


def test_orm_cannot_change_an_event() -> None:
    event = an_event()
    event.detail = {"field": "something else"}
    refused(event.save)
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="view"))
    event.refresh_from_db()
    assert event.detail == {"field": "name"}


def test_orm_cannot_delete_an_event() -> None:
    event = an_event()
    refused(event.delete)
    refused(AuditEvent.objects.all().delete)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_cannot_change_or_delete_an_event() -> None:
    event = an_event()

    def sql(statement: str) -> Callable[[], None]:
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])

        return run

    refused(sql("UPDATE audit_auditevent SET action = 'view' WHERE id = %s"))
    refused(sql("UPDATE audit_auditevent SET hash = '' WHERE id = %s"))
    refused(sql("DELETE FROM audit_auditevent WHERE id = %s"))
    assert AuditEvent.objects.filter(pk=event.pk, action="update").exists()


@pytest.mark.django_db(transaction=True)  # TRUNCATE refuses rows its own transaction added
def test_raw_sql_cannot_empty_the_trail_at_once() -> None:
    an_event()
    if connection.vendor == "postgresql":
        statement = "TRUNCATE audit_auditevent CASCADE"
    else:
        statement = "DELETE FROM audit_auditevent"

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement)

    refused(run)
    assert AuditEvent.objects.exists()


def test_the_people_a_list_showed_cannot_be_removed_or_changed(world: SmallWorld) -> None:
    referral = refer(world)
    audit_record_list(
        actor=world.users[next(iter(world.users))],
        object_type="caseload",
        rows=[(referral.person_id, referral.scheme_id)],
    )
    subject = AuditSubject.objects.get(person_id=referral.person_id)
    refused(subject.delete)
    refused(lambda: AuditSubject.objects.filter(pk=subject.pk).update(person_id=world.scheme.pk))
    assert AuditSubject.objects.filter(pk=subject.pk, person_id=referral.person_id).exists()


def test_the_maintenance_switch_lets_changes_through_only_while_on() -> None:
    event = an_event()
    with audit_maintenance():
        AuditEvent.objects.filter(pk=event.pk).update(object_type="tampered")
    assert AuditEvent.objects.get(pk=event.pk).object_type == "tampered"
    refused(event.delete)
    with audit_maintenance():
        event.delete()
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_another_connection_is_refused_while_one_is_in_maintenance() -> None:
    event = an_event()
    ordinary = connections.create_connection("default")
    try:
        with (
            audit_maintenance(),
            pytest.raises(DatabaseError, match="append-only"),
            ordinary.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    finally:
        ordinary.close()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database() -> None:
    an_event()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    # The switch is off again afterwards.
    an_event()
    with pytest.raises(DatabaseError, match="append-only"):
        AuditEvent.objects.all().delete()
