"""The database itself refuses to change or remove audit events (and the people a list event
names), whoever asks: the ORM, raw SQL or a console. Only a connection that has turned on the
maintenance switch (linkwork.audit.maintenance, used by `flush`) gets through."""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_auditsubject")

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION linkwork_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('linkwork.audit_maintenance', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % on % refused.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def _postgres_install(table):
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION linkwork_audit_refuse_change();",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION linkwork_audit_refuse_change();",
    ]


def _sqlite_install(table):
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        "WHEN linkwork_audit_maintenance() = 0 "
        f"BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: {op} on {table} refused.'); END;"
        for op in ("UPDATE", "DELETE")
    ]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [POSTGRES_FUNCTION] + [s for t in TABLES for s in _postgres_install(t)]
    elif vendor == "sqlite":
        statements = [s for t in TABLES for s in _sqlite_install(t)]
    else:
        raise RuntimeError(f"No append-only triggers written for {vendor}.")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS linkwork_audit_refuse_change();")
    elif vendor == "sqlite":
        for table in TABLES:
            for op in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op};")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_hash_existing_events")]

    operations = [migrations.RunPython(install, uninstall)]
