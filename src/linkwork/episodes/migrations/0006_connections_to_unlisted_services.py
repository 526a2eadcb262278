from django.db import migrations, models


def typed_names_are_unlisted(apps, schema_editor):
    """A connection 'to the directory' with no listed service never reached a provider: say
    what it was, a connection to a service that is not listed."""
    Connection = apps.get_model("episodes", "Connection")
    Connection.objects.filter(target="directory_service", service__isnull=True).update(
        target="unlisted_service"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0005_episode_summaries"),
    ]

    operations = [
        migrations.AlterField(
            model_name="connection",
            name="target",
            field=models.CharField(
                choices=[
                    ("directory_service", "Community service in the directory"),
                    ("unlisted_service", "Community service not in the directory"),
                    ("housing", "Housing (statutory)"),
                    ("benefits_dwp", "Benefits or DWP"),
                    ("local_authority", "Local authority"),
                    ("other_statutory", "Other statutory service"),
                ],
                max_length=24,
            ),
        ),
        migrations.RunPython(typed_names_are_unlisted, migrations.RunPython.noop),
    ]
