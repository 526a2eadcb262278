"""Content types (and so permissions and admin history) of the models that moved into this app
keep their rows: they are relabelled, not recreated. A new database has none to relabel."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

MOVED = {
    "referrals": ("referral", "referralevent"),
    "casework": ("encounter", "goal", "connection", "financialgain", "assignment"),
}


def relabel(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    taken = set(
        content_type.objects.filter(app_label="episodes").values_list("model", flat=True)
    )
    for old_label, models in MOVED.items():
        for model in models:
            if model in taken:
                continue
            content_type.objects.filter(app_label=old_label, model=model).update(
                app_label="episodes"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("episodes", "0002_tables_named_for_the_app"),
    ]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
