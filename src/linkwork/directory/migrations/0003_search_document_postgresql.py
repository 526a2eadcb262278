"""On PostgreSQL, keep each service's full-text document (name weighted above description)
in a generated column with a GIN index, so search does not re-parse every service on every
query. Other databases have no such column; search matches words there instead.

The column is PostgreSQL's own (GENERATED ... STORED), so Django's model never names it and
inserts and updates need not know it exists."""

from django.db import migrations

DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')"
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE directory_service ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX directory_service_search_document ON directory_service "
        "USING gin (search_document)"
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE directory_service DROP COLUMN search_document")


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_seed_needs_taxonomy")]

    operations = [migrations.RunPython(add, remove)]
