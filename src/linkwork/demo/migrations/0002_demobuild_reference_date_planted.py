import datetime

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('demo', '0001_initial'),
    ]

    operations = [
        # Worlds built before the date was recorded were all built as of 31 October 2026.
        migrations.AddField(
            model_name='demobuild',
            name='reference_date',
            field=models.DateField(default=datetime.date(2026, 10, 31)),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='demobuild',
            name='planted',
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
