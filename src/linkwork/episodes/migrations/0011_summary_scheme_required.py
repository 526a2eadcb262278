import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("episodes", "0010_summary_scheme_filled")]

    operations = [
        migrations.AlterField(
            model_name="episodesummary",
            name="scheme",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.scheme",
            ),
        ),
    ]
