"""A summary belongs to the scheme of the episode it summarises."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_from_referral(apps, schema_editor):
    Referral = apps.get_model("episodes", "Referral")
    EpisodeSummary = apps.get_model("episodes", "EpisodeSummary")
    EpisodeSummary.objects.filter(scheme__isnull=True).update(
        scheme_id=Subquery(
            Referral.objects.filter(pk=OuterRef("referral_id")).values("scheme_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("episodes", "0009_summary_scheme_nullable")]

    operations = [migrations.RunPython(fill_from_referral, migrations.RunPython.noop)]
