"""The needs taxonomy as Open Referral records, so referral needs and directory services
meet. Ids are derived from the need codes, the same in every deployment, so exports from one
linkwork import into another with their categories intact. Pure."""

from __future__ import annotations

import uuid

from linkwork.core.needs import Need
from linkwork.directory.oruk.records import Dataset

NAMESPACE = uuid.UUID("1b7c6a53-0d43-4f0e-9a59-2f4c7de1c5a2")
NEEDS_TAXONOMY_ID = uuid.uuid5(NAMESPACE, "linkwork:needs")
NEEDS_TAXONOMY_NAME = "linkwork needs"
CATEGORY_LINK_TYPE = "category"

NEED_DESCRIPTIONS: dict[str, str] = {
    "loneliness_isolation": "Company, friendship and groups for people who feel alone.",
    "mental_wellbeing": "Support for low mood, anxiety and stress, and activities for wellbeing.",
    "long_term_condition_lifestyle": "Living well with a long-term condition: activity, "
    "weight, diet and self-management.",
    "debt_benefits_money": "Advice on debt, benefits, grants and managing money.",
    "food_fuel_poverty": "Food, fuel and help with the cost of essentials.",
    "housing": "Advice and support to find, keep or fix a home.",
    "employment": "Help into work, training and volunteering.",
    "caring": "Support for unpaid carers.",
    "bereavement": "Support after the death of someone close.",
    "other": "Other practical and social support.",
}


def need_term_id(need: str) -> uuid.UUID:
    """The taxonomy term id of a need code.

    >>> need_term_id("housing") == need_term_id("housing")
    True
    """
    return uuid.uuid5(NAMESPACE, f"linkwork:needs:{need}")


def needs_dataset() -> Dataset:
    """The needs taxonomy and its terms as canonical rows."""
    dataset = Dataset()
    taxonomy_id = str(NEEDS_TAXONOMY_ID)
    dataset.table("taxonomy")[taxonomy_id] = {
        "id": taxonomy_id,
        "name": NEEDS_TAXONOMY_NAME,
        "description": "The needs people are referred to link workers for, and that "
        "community services meet.",
        "uri": None,
        "version": "1",
    }
    for code, label in Need.choices:
        term_id = str(need_term_id(code))
        dataset.table("taxonomy_term")[term_id] = {
            "id": term_id,
            "name": label,
            "description": NEED_DESCRIPTIONS.get(code, label),
            "parent_id": None,
            "taxonomy": NEEDS_TAXONOMY_NAME,
            "taxonomy_id": taxonomy_id,
            "term_uri": None,
            "term": str(code),
        }
    return dataset
