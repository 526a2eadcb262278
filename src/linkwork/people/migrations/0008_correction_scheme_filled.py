"""A correction belongs to the scheme of the person it corrected."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_from_person(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonCorrection = apps.get_model("people", "PersonCorrection")
    PersonCorrection.objects.filter(scheme__isnull=True).update(
        scheme_id=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("scheme_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0007_correction_scheme_nullable")]

    operations = [migrations.RunPython(fill_from_person, migrations.RunPython.noop)]
