"""Seed the needs taxonomy, so every directory can categorise services by the needs people
are referred for. The data is copied here as it was when written (migrations never import
app code); `needs_taxonomy_ensure()` keeps it in step with `core.needs` later."""

from django.db import migrations

TAXONOMY = {
    "id": "f678f8ba-9800-575f-8729-45fd2d22035c",
    "name": "linkwork needs",
    "description": "The needs people are referred to link workers for, and that community services meet.",
    "version": "1",
}
TERMS = [
    ("4fe8bd97-edb3-533d-908e-36e1d5c8c577", "loneliness_isolation", "Loneliness or isolation", "Company, friendship and groups for people who feel alone."),
    ("a250ff78-b62d-500a-955a-8be941dc2c28", "mental_wellbeing", "Mental wellbeing", "Support for low mood, anxiety and stress, and activities for wellbeing."),
    ("ffe069c6-823f-5db3-b872-c352d578d37b", "long_term_condition_lifestyle", "Long-term condition or lifestyle", "Living well with a long-term condition: activity, weight, diet and self-management."),
    ("1c86eb90-dca8-543d-970a-bee810c3f0f1", "debt_benefits_money", "Debt, benefits or money", "Advice on debt, benefits, grants and managing money."),
    ("5a937d98-7b0c-5ec4-8bae-bd8c9bb5994a", "food_fuel_poverty", "Food or fuel poverty", "Food, fuel and help with the cost of essentials."),
    ("4f44e4fa-595a-596d-bf23-bc5e068d162c", "housing", "Housing", "Advice and support to find, keep or fix a home."),
    ("115dd032-a788-53d8-b726-7b7ad00f17d4", "employment", "Employment", "Help into work, training and volunteering."),
    ("e37e2545-f74c-5449-a2b9-83cfcb7720df", "caring", "Caring", "Support for unpaid carers."),
    ("9d75a1d8-0d98-5bc5-b014-0339de1645be", "bereavement", "Bereavement", "Support after the death of someone close."),
    ("7812efee-4ba4-59fb-b470-600873367fcb", "other", "Other", "Other practical and social support."),
]


def seed(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    Taxonomy.objects.update_or_create(
        id=TAXONOMY["id"],
        defaults={k: v for k, v in TAXONOMY.items() if k != "id"},
    )
    for term_id, code, name, description in TERMS:
        TaxonomyTerm.objects.update_or_create(
            id=term_id,
            defaults={
                "name": name,
                "description": description,
                "taxonomy": TAXONOMY["name"],
                "taxonomy_ref": TAXONOMY["id"],
                "term": code,
                "need": code,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
