"""Safeguarding codes. Pure data."""

from __future__ import annotations

from linkwork.core.choices import Choices


class ConcernCategory(Choices):
    ADULT = "adult", "Adult safeguarding"
    CHILD = "child", "Child safeguarding"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    SELF_HARM = "self_harm", "Self-harm or suicide risk"
    OTHER = "other", "Other"


class ConcernStatus(Choices):
    OPEN = "open", "Open"
    UNDER_REVIEW = "under_review", "Under review"
    CLOSED = "closed", "Closed"


class PromptSource(Choices):
    """What prompted the link worker to consider recording a concern."""

    RISK_ALERT = "risk_alert", "A questionnaire's risk alert"
    REFERRAL_RISK = "referral_risk", "The risk the referrer described"


# The referral's risk flags (episodes.lifecycle.RiskFlag codes) that call for a safeguarding
# concern, and the category each prefills; a lone-working caution protects the worker and
# prompts nothing.
CATEGORY_FOR_RISK_FLAG: dict[str, ConcernCategory] = {
    "self_harm_risk": ConcernCategory.SELF_HARM,
    "safeguarding_adult": ConcernCategory.ADULT,
    "safeguarding_child": ConcernCategory.CHILD,
    "domestic_abuse": ConcernCategory.DOMESTIC_ABUSE,
}
# A risk alert's instrument and flag, and the category it prefills.
CATEGORY_FOR_ALERT: dict[tuple[str, str], ConcernCategory] = {
    ("phq9", "risk"): ConcernCategory.SELF_HARM,
}
