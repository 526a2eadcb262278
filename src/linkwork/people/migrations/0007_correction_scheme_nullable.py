import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_scheme_running_facts"),
        ("people", "0006_ethnicity_label_in_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="personcorrection",
            name="scheme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.scheme",
            ),
        ),
    ]
