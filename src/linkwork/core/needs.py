"""The needs taxonomy: referral reasons and directory service categories share it, so a
person's needs and the services that meet them line up. Pure data."""

from __future__ import annotations

from enum import StrEnum


class Need(StrEnum):
    LONELINESS = "loneliness_isolation"
    MENTAL_WELLBEING = "mental_wellbeing"
    LONG_TERM_CONDITION = "long_term_condition_lifestyle"
    MONEY = "debt_benefits_money"
    FOOD_FUEL = "food_fuel_poverty"
    HOUSING = "housing"
    EMPLOYMENT = "employment"
    CARING = "caring"
    BEREAVEMENT = "bereavement"
    OTHER = "other"


NEED_LABELS: dict[str, str] = {
    Need.LONELINESS: "Loneliness or isolation",
    Need.MENTAL_WELLBEING: "Mental wellbeing",
    Need.LONG_TERM_CONDITION: "Long-term condition or lifestyle",
    Need.MONEY: "Debt, benefits or money",
    Need.FOOD_FUEL: "Food or fuel poverty",
    Need.HOUSING: "Housing",
    Need.EMPLOYMENT: "Employment",
    Need.CARING: "Caring",
    Need.BEREAVEMENT: "Bereavement",
    Need.OTHER: "Other",
}
NEED_CHOICES = list(NEED_LABELS.items())
