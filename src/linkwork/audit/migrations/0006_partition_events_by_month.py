"""On PostgreSQL, the audit event table becomes partitioned by month of `at` (native declarative
partitioning), every event kept with its id and hash; SQLite keeps one plain table.

- PostgreSQL requires a partitioned table's primary key to include the partition column, so
  the key becomes (id, at); ids still come from one sequence and stay unique.
- Identity columns cannot be declared on a partitioned table before PostgreSQL 17, so the id
  takes its values from a sequence the column owns (what a `serial` column does).
- audit_auditsubject.event_id can no longer be a database foreign key: it would have to point
  at a unique column, and `id` alone is unique only by the sequence. The ORM relation is kept;
  what the constraint guarded (an event removed from under its subjects) the append-only
  triggers refuse on every partition.
- Partitions: one per month from the oldest event to three months ahead, and a default
  partition so that a write never fails. `linkwork audit partitions` (also run after every
  `migrate`) keeps creating them ahead; see linkwork/audit/partitions.py.
"""

from datetime import UTC, date, datetime

from django.db import migrations

TABLE = "audit_auditevent"
OLD = "audit_auditevent_unpartitioned"
SEQUENCE = "audit_auditevent_id_seq"
AHEAD = 3


def _next_month(month):
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _bound(month):
    return datetime(month.year, month.month, 1, tzinfo=UTC).isoformat()


def _fetch(cursor, sql, params=None):
    cursor.execute(sql, params)
    return cursor.fetchall()


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        [(kind,)] = _fetch(cursor, "SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
        if kind == "p":
            return
        indexes = _fetch(
            cursor,
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname <> %s ORDER BY indexname",
            [TABLE, f"{TABLE}_pkey"],
        )
        foreign_keys = _fetch(
            cursor,
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [TABLE],
        )
        pointing_in = _fetch(
            cursor,
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE confrelid = %s::regclass AND contype = 'f'",
            [TABLE],
        )
        [(next_id,)] = _fetch(
            cursor, "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [TABLE]
        )
        [(oldest, newest)] = _fetch(cursor, f"SELECT min(at), max(at) FROM {TABLE}")

    today = datetime.now(tz=UTC).date().replace(day=1)
    months = [today]
    for _ in range(AHEAD):
        months.append(_next_month(months[-1]))
    if oldest is not None:
        month = oldest.astimezone(UTC).date().replace(day=1)
        last = newest.astimezone(UTC).date().replace(day=1)
        while month <= last:
            months.append(month)
            month = _next_month(month)

    statements = [f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"' for table, name in pointing_in]
    statements += [
        f"ALTER TABLE {TABLE} RENAME TO {OLD}",
        f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS) PARTITION BY RANGE (at)",
        f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT",
    ]
    partitions = [f"{TABLE}_default"]
    for month in sorted(set(months)):
        name = f"{TABLE}_y{month.year:04d}m{month.month:02d}"
        partitions.append(name)
        statements.append(
            f"CREATE TABLE {name} PARTITION OF {TABLE} "
            f"FOR VALUES FROM ('{_bound(month)}') TO ('{_bound(_next_month(month))}')"
        )
    statements += [
        f"INSERT INTO {TABLE} SELECT * FROM {OLD}",
        f"DROP TABLE {OLD}",
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, at)",
        f"CREATE SEQUENCE {SEQUENCE} OWNED BY {TABLE}.id",
        f"SELECT setval('{SEQUENCE}', {int(next_id)}, false)",
        f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{SEQUENCE}')",
    ]
    statements += [definition for _, definition in indexes]
    statements += [
        f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}'
        for name, definition in foreign_keys
    ]
    statements += [
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION linkwork_audit_refuse_change()",
        f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION linkwork_audit_refuse_change()",
    ]
    statements += [
        f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
        "FOR EACH STATEMENT EXECUTE FUNCTION linkwork_audit_refuse_change()"
        for name in partitions
    ]
    for statement in statements:
        schema_editor.execute(statement, params=None)


def unpartition(apps, schema_editor):
    """Back to one plain table with an identity id, every event kept."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        [(kind,)] = _fetch(cursor, "SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
        if kind != "p":
            return
        indexes = _fetch(
            cursor,
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname <> %s ORDER BY indexname",
            [TABLE, f"{TABLE}_pkey"],
        )
        foreign_keys = _fetch(
            cursor,
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' AND conparentid = 0 "
            "ORDER BY conname",
            [TABLE],
        )
        [(next_id,)] = _fetch(cursor, f"SELECT nextval('{SEQUENCE}')")
    statements = [
        f"ALTER TABLE {TABLE} RENAME TO {OLD}",
        f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS)",
        f"ALTER TABLE {TABLE} ALTER COLUMN id DROP DEFAULT",
        f"INSERT INTO {TABLE} SELECT * FROM {OLD}",
        f"DROP TABLE {OLD} CASCADE",
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id)",
        f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY "
        f"(START WITH {int(next_id)})",
    ]
    statements += [definition for _, definition in indexes]
    statements += [
        f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}'
        for name, definition in foreign_keys
    ]
    statements += [
        "ALTER TABLE audit_auditsubject ADD CONSTRAINT "
        "audit_auditsubject_event_id_fk_audit_auditevent_id FOREIGN KEY (event_id) "
        f"REFERENCES {TABLE} (id) DEFERRABLE INITIALLY DEFERRED",
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION linkwork_audit_refuse_change()",
        f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION linkwork_audit_refuse_change()",
    ]
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_refuse_changes_to_audit_events")]

    operations = [migrations.RunPython(partition, unpartition)]
