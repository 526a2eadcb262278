"""On PostgreSQL the audit event table is partitioned by month: events land in their month's
partition, or in the default partition when their month has none, from which maintenance moves
them into a new partition; reads and the hash chain do not notice."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from linkwork.audit.buffer import PendingEvent
from linkwork.audit.models import AuditEvent
from linkwork.audit.partitions import (
    DEFAULT_PARTITION,
    audit_partitions_ensure,
    is_partitioned,
    partition_name,
    partitions,
)
from linkwork.audit.selectors import audit_chain_check, audit_for_person, audit_for_schemes
from linkwork.audit.services import audit_write

pytestmark = pytest.mark.django_db

PERSON = uuid.UUID("00000000-0000-4000-8000-000000000001")
SCHEME = uuid.UUID("00000000-0000-4000-8000-000000000002")
FAR_MONTH = date(2031, 7, 1)


def event_at(at: datetime, *, listed: bool = False) -> PendingEvent:
    return PendingEvent(
        at=at,
        actor_id=None,
        action="list" if listed else "view",
        object_type="person",
        object_id="" if listed else str(PERSON),
        person_id=None if listed else PERSON,
        scheme_id=None if listed else SCHEME,
        detail={},
        subjects=((PERSON, SCHEME),) if listed else (),
    )


def partition_of(event: AuditEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event.pk]
        )
        [(name,)] = cursor.fetchall()
    return str(name)


def test_the_table_is_partitioned_with_the_month_in_its_key() -> None:
    assert is_partitioned()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'audit_auditevent'::regclass "
            "AND i.indisprimary ORDER BY a.attname"
        )
        assert [name for (name,) in cursor.fetchall()] == ["at", "id"]
    assert DEFAULT_PARTITION in partitions()


def test_migrate_left_this_month_and_three_ahead_ready() -> None:
    this_month = timezone.now().date().replace(day=1)
    assert partition_name(this_month) in partitions()
    assert audit_partitions_ensure(today=this_month, ahead=3).created == []


def test_an_event_lands_in_its_months_partition() -> None:
    now = timezone.now()
    [event] = audit_write(events=[event_at(now)])
    assert partition_of(event) == partition_name(now.astimezone(UTC).date().replace(day=1))


def test_an_event_in_a_month_without_a_partition_lands_in_the_default() -> None:
    [event] = audit_write(events=[event_at(datetime(2031, 7, 9, 12, tzinfo=UTC))])
    assert partition_name(FAR_MONTH) not in partitions()
    assert partition_of(event) == DEFAULT_PARTITION


def test_maintenance_moves_the_defaults_events_into_their_new_partition() -> None:
    before, listed, after = audit_write(
        events=[
            event_at(timezone.now()),
            event_at(datetime(2031, 7, 1, 0, 0, tzinfo=UTC), listed=True),
            event_at(datetime(2031, 7, 31, 23, 59, 59, tzinfo=UTC)),
        ]
    )
    report = audit_partitions_ensure(today=timezone.now().date(), ahead=0)
    assert report.created == [partition_name(FAR_MONTH)]
    assert report.moved == 2
    assert partition_of(listed) == partition_of(after) == partition_name(FAR_MONTH)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DEFAULT_PARTITION}")  # noqa: S608
        assert cursor.fetchone() == (0,)
    # Moved with their ids, hashes and subjects: the reads and the chain do not notice.
    assert audit_chain_check() == (3, None)
    assert {e.pk for e in audit_for_person(person_id=PERSON)} == {before.pk, listed.pk, after.pk}
    assert [e.pk for e in audit_for_schemes(scheme_ids=[SCHEME])] == [
        before.pk,
        listed.pk,
        after.pk,
    ]
    assert AuditEvent.objects.get(pk=listed.pk).subjects.get().person_id == PERSON


def test_maintenance_creates_the_months_ahead_once() -> None:
    report = audit_partitions_ensure(today=date(2032, 11, 20), ahead=2)
    assert report.created == [
        "audit_auditevent_y2032m11",
        "audit_auditevent_y2032m12",
        "audit_auditevent_y2033m01",
    ]
    assert report.moved == 0
    assert audit_partitions_ensure(today=date(2032, 11, 20), ahead=2).created == []
    [event] = audit_write(events=[event_at(datetime(2032, 12, 25, tzinfo=UTC))])
    assert partition_of(event) == "audit_auditevent_y2032m12"


def test_the_command_reports_what_it_created() -> None:
    out = StringIO()
    call_command("audit", "partitions", "--ahead", "5", stdout=out)
    assert "created audit_auditevent_y" in out.getvalue()
    out = StringIO()
    call_command("audit", "partitions", "--ahead", "5", stdout=out)
    assert "created none" in out.getvalue()


def refused(attack: Callable[[], object]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        attack()


def sql(statement: str) -> Callable[[], None]:
    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement)

    return run


def test_a_partition_refuses_changes_as_the_table_does() -> None:
    event, waiting = audit_write(
        events=[event_at(timezone.now()), event_at(datetime(2031, 7, 9, tzinfo=UTC))]
    )
    name = partition_of(event)
    refused(sql(f"UPDATE {name} SET action = 'list'"))  # noqa: S608
    refused(sql(f"DELETE FROM {name}"))  # noqa: S608
    refused(sql(f"DELETE FROM {DEFAULT_PARTITION}"))  # noqa: S608
    assert AuditEvent.objects.filter(pk__in=[event.pk, waiting.pk], action="view").count() == 2


@pytest.mark.django_db(transaction=True)  # TRUNCATE refuses rows its own transaction added
def test_a_partition_cannot_be_emptied_at_once() -> None:
    [event] = audit_write(events=[event_at(timezone.now())])
    refused(sql(f"TRUNCATE {partition_of(event)}"))
    assert AuditEvent.objects.filter(pk=event.pk).exists()
