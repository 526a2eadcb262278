import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_scheme_running_facts"),
        ("episodes", "0008_words_for_subject_access"),
    ]

    operations = [
        migrations.AddField(
            model_name="episodesummary",
            name="scheme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.scheme",
            ),
        ),
    ]
