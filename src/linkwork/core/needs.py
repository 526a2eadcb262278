"""The needs taxonomy: referral reasons and directory service categories share it, so a
person's needs and the services that meet them line up. Pure data."""

from __future__ import annotations

from linkwork.core.choices import Choices


class Need(Choices):
    LONELINESS = "loneliness_isolation", "Loneliness or isolation"
    MENTAL_WELLBEING = "mental_wellbeing", "Mental wellbeing"
    LONG_TERM_CONDITION = "long_term_condition_lifestyle", "Long-term condition or lifestyle"
    MONEY = "debt_benefits_money", "Debt, benefits or money"
    FOOD_FUEL = "food_fuel_poverty", "Food or fuel poverty"
    HOUSING = "housing", "Housing"
    EMPLOYMENT = "employment", "Employment"
    CARING = "caring", "Caring"
    BEREAVEMENT = "bereavement", "Bereavement"
    OTHER = "other", "Other"
