"""The audit event table's monthly partitions on PostgreSQL (migration 0006 made the table
partitioned by `at`): one partition per calendar month (UTC), created ahead of time, and a
default partition so that a write never fails for want of one.

An event whose month has no partition lands in the default partition. Maintenance
(`linkwork audit partitions`, and every `migrate`) creates the coming months' partitions and a
partition for every month found in the default, moving those events into it, so the default
stays empty and each month can be read, backed up or archived on its own. Event ids, hashes
and content are moved unchanged, so the hash chain (ordered by id) still verifies.

SQLite keeps one plain table: everything here answers "not partitioned" there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.db import connections, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from linkwork.audit.maintenance import SETTING

TABLE = "audit_auditevent"
DEFAULT_PARTITION = f"{TABLE}_default"


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def months_ahead(today: date, ahead: int) -> list[date]:
    """This month and the `ahead` months after it."""
    months = [month_start(today)]
    for _ in range(max(0, ahead)):
        months.append(next_month(months[-1]))
    return months


def _bound(month: date) -> str:
    return datetime(month.year, month.month, 1, tzinfo=UTC).isoformat()


@dataclass(frozen=True, slots=True)
class PartitionReport:
    partitioned: bool
    created: list[str] = field(default_factory=list)
    moved: int = 0
    partitions: list[str] = field(default_factory=list)


def is_partitioned(*, using: str = "default") -> bool:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def partitions(*, using: str = "default") -> list[str]:
    """The table's partitions by name, the default among them, in name order."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
            [TABLE],
        )
        return [name for (name,) in cursor.fetchall()]


def _months_in_default(cursor: CursorWrapper) -> list[date]:
    cursor.execute(
        f"SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC')::date "  # noqa: S608
        f"FROM {DEFAULT_PARTITION}"
    )
    return [month for (month,) in cursor.fetchall()]


def _create_month(cursor: CursorWrapper, month: date) -> int:
    """Create the month's partition, first taking its events out of the default partition
    (PostgreSQL refuses a new partition while the default holds rows in its range); returns
    how many events moved."""
    name, start, end = partition_name(month), _bound(month), _bound(next_month(month))
    execute = cursor.execute
    execute(
        f"CREATE TEMPORARY TABLE audit_moving ON COMMIT DROP AS "  # noqa: S608
        f"SELECT * FROM {DEFAULT_PARTITION} WHERE at >= %s AND at < %s",
        [start, end],
    )
    execute(f"DELETE FROM {DEFAULT_PARTITION} WHERE at >= %s AND at < %s", [start, end])  # noqa: S608
    moved: int = cursor.rowcount
    execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM (%s) TO (%s)", [start, end])
    execute(no_truncate_trigger(name))
    execute(f"INSERT INTO {TABLE} SELECT * FROM audit_moving")  # noqa: S608
    execute("DROP TABLE audit_moving")
    return moved


def no_truncate_trigger(partition: str) -> str:
    """TRUNCATE of one partition does not fire the parent table's statement trigger, so each
    partition refuses it itself (row triggers for UPDATE and DELETE are inherited)."""
    return (
        f"CREATE TRIGGER {partition}_no_truncate BEFORE TRUNCATE ON {partition} "
        "FOR EACH STATEMENT EXECUTE FUNCTION linkwork_audit_refuse_change()"
    )


def audit_partitions_ensure(
    *, today: date, ahead: int = 3, using: str = "default"
) -> PartitionReport:
    """Partitions for this month and `ahead` months after it, and for every month whose events
    wait in the default partition (moved into their month's partition)."""
    if not is_partitioned(using=using):
        return PartitionReport(partitioned=False)
    created: list[str] = []
    moved = 0
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        # Serialise with writers and with another maintenance run: rows must not reach the
        # default partition between being moved out and the new partition appearing.
        cursor.execute(f"LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE")
        # The move deletes from the default partition, which the append-only trigger refuses
        # unless maintenance is on; `true` keeps the switch to this transaction.
        cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
        existing = set(partitions(using=using))
        wanted = sorted(set(months_ahead(today, ahead)) | set(_months_in_default(cursor)))
        for month in wanted:
            if partition_name(month) in existing:
                continue
            moved += _create_month(cursor, month)
            created.append(partition_name(month))
        cursor.execute("SELECT set_config(%s, '', true)", [SETTING])
    return PartitionReport(
        partitioned=True, created=created, moved=moved, partitions=partitions(using=using)
    )


AHEAD_ON_MIGRATE = 3


def partitions_after_migrate(*, using: str = "default", **_: Any) -> None:
    """post_migrate receiver: every migrate (and flush) leaves the coming months ready."""
    audit_partitions_ensure(today=timezone.now().date(), ahead=AHEAD_ON_MIGRATE, using=using)
