"""Scheme policy vocabulary and validation. Pure Python, shared by forms, API and importers.

Each problem is reported against the field it concerns, so every interface can show it
next to the input that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class AgeBand(StrEnum):
    ALL_AGES = "all_ages"
    ADULTS = "adults"
    OVER_50 = "over_50"
    CUSTOM = "custom"


AGE_BAND_LABELS: dict[str, str] = {
    AgeBand.ALL_AGES: "All ages, including children",
    AgeBand.ADULTS: "Adults only (18 and over)",
    AgeBand.OVER_50: "50 and over",
    AgeBand.CUSTOM: "Custom age range",
}
# The fixed bands' limits; a custom band states its own.
AGE_BAND_LIMITS: dict[AgeBand, tuple[int, int | None]] = {
    AgeBand.ALL_AGES: (0, None),
    AgeBand.ADULTS: (18, None),
    AgeBand.OVER_50: (50, None),
}
MAX_AGE = 120


class ReferralSource(StrEnum):
    GP = "gp"
    PRACTICE_NURSE = "practice_nurse"
    RECEPTIONIST = "receptionist"
    OTHER_PRACTICE_STAFF = "other_practice_staff"
    SELF = "self"
    DWP = "dwp"
    AMBULANCE = "ambulance_service"
    ADULT_SOCIAL_CARE = "adult_social_care"
    OTHER_SERVICE = "other_service"


REFERRAL_SOURCE_LABELS: dict[str, str] = {
    ReferralSource.GP: "GP",
    ReferralSource.PRACTICE_NURSE: "Practice nurse",
    ReferralSource.RECEPTIONIST: "Receptionist",
    ReferralSource.OTHER_PRACTICE_STAFF: "Other practice staff",
    ReferralSource.SELF: "Self-referral",
    ReferralSource.DWP: "Department for Work and Pensions (DWP)",
    ReferralSource.AMBULANCE: "Ambulance service",
    ReferralSource.ADULT_SOCIAL_CARE: "Adult social care",
    ReferralSource.OTHER_SERVICE: "Other health, social care or community service",
}
PRACTICE_SOURCES = frozenset(
    {
        ReferralSource.GP,
        ReferralSource.PRACTICE_NURSE,
        ReferralSource.RECEPTIONIST,
        ReferralSource.OTHER_PRACTICE_STAFF,
    }
)


class PriorityGroup(StrEnum):
    MENTAL_HEALTH = "mental_health"
    LEARNING_DISABILITY = "learning_disability"
    CHILDREN_FAMILIES = "children_families"
    FRAILTY = "frailty"
    HOSPITAL_DISCHARGE = "hospital_discharge"
    HIGH_INTENSITY_ED = "high_intensity_ed"
    ASYLUM_REFUGEES = "asylum_refugees"
    HOMELESSNESS = "homelessness"
    DEPRIVED = "deprived_populations"
    OLDER_PEOPLE = "older_people"


PRIORITY_GROUP_LABELS: dict[str, str] = {
    PriorityGroup.MENTAL_HEALTH: "Mental health",
    PriorityGroup.LEARNING_DISABILITY: "Learning disability",
    PriorityGroup.CHILDREN_FAMILIES: "Children and families",
    PriorityGroup.FRAILTY: "Frailty",
    PriorityGroup.HOSPITAL_DISCHARGE: "Hospital discharge",
    PriorityGroup.HIGH_INTENSITY_ED: "High-intensity emergency department users",
    PriorityGroup.ASYLUM_REFUGEES: "Asylum seekers and refugees",
    PriorityGroup.HOMELESSNESS: "People experiencing homelessness",
    PriorityGroup.DEPRIVED: "People in deprived areas",
    PriorityGroup.OLDER_PEOPLE: "Older people",
}


class Exclusion(StrEnum):
    PSYCHIATRIC_CARE = "under_psychiatric_care"
    BEHAVIOURAL = "known_behavioural_issues"
    SUICIDAL_IDEATION = "suicidal_ideation"
    ACUTE_PSYCHOSIS = "acute_psychosis"
    CURRENT_CRISIS = "current_crisis"
    HOUSEBOUND = "housebound"


EXCLUSION_LABELS: dict[str, str] = {
    Exclusion.PSYCHIATRIC_CARE: "Currently under psychiatric care",
    Exclusion.BEHAVIOURAL: "Known behavioural issues",
    Exclusion.SUICIDAL_IDEATION: "Suicidal ideation",
    Exclusion.ACUTE_PSYCHOSIS: "Acute psychosis",
    Exclusion.CURRENT_CRISIS: "In current or very recent crisis",
    Exclusion.HOUSEBOUND: "Housebound",
}


class Accompaniment(StrEnum):
    ROUTINE = "routine"
    IF_NEEDED = "if_needed"
    LAST_RESORT = "last_resort"
    NOT_OFFERED = "not_offered"


ACCOMPANIMENT_LABELS: dict[str, str] = {
    Accompaniment.ROUTINE: "Routinely accompanies people to a first VCSE meeting",
    Accompaniment.IF_NEEDED: "Accompanies people to a first meeting when they need it",
    Accompaniment.LAST_RESORT: "Accompanies people only as a last resort",
    Accompaniment.NOT_OFFERED: "Does not accompany people",
}

# Outcome tools a scheme may name in its policy: the validated instruments linkwork scores,
# and the licensed tools it records score-only.
OUTCOME_TOOL_LABELS: dict[str, str] = {
    "ons4": "ONS4 personal well-being",
    "wemwbs": "WEMWBS",
    "swemwbs": "SWEMWBS",
    "ucla3": "UCLA 3-item loneliness",
    "phq9": "PHQ-9",
    "gad7": "GAD-7",
    "wellbeing_star": "Well-being Star",
    "pam": "Patient Activation Measure",
    "recovery_outcomes_web": "Recovery Outcomes Web",
    "eq5d5l": "EQ-5D-5L",
    "mycaw": "MYCaW",
}


@dataclass(frozen=True, slots=True)
class PolicyInput:
    age_band: str
    age_min: int | None = None
    age_max: int | None = None
    priority_groups: tuple[str, ...] = ()
    accepted_sources: tuple[str, ...] = ()
    session_cap: int | None = None
    at_risk_exception: bool = True
    rereferral_min_gap_days: int = 0
    exclusions: tuple[str, ...] = ()
    home_visits: bool = False
    accompaniment: str = Accompaniment.IF_NEEDED.value
    outcome_tools: tuple[str, ...] = ()


@dataclass(slots=True)
class PolicyProblems:
    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)


def _unknown(values: Iterable[str], known: Iterable[str]) -> list[str]:
    known_set = set(known)
    return [value for value in values if value not in known_set]


def _check_codes(
    problems: PolicyProblems, name: str, values: tuple[str, ...], known: Iterable[str], noun: str
) -> None:
    unknown = _unknown(values, known)
    if unknown:
        problems.add(name, f"Unknown {noun}: {', '.join(unknown)}.")
    if len(set(values)) != len(values):
        problems.add(name, f"Each {noun} can be listed only once.")


def effective_age_range(policy: PolicyInput) -> tuple[int, int | None]:
    """The ages a scheme accepts, inclusive; None for no upper limit."""
    band = AgeBand(policy.age_band)
    if band is AgeBand.CUSTOM:
        return (policy.age_min or 0, policy.age_max)
    return AGE_BAND_LIMITS[band]


def validate_policy(policy: PolicyInput) -> PolicyProblems:
    problems = PolicyProblems()
    if policy.age_band not in {band.value for band in AgeBand}:
        problems.add("age_band", f"Unknown age range {policy.age_band!r}.")
    elif policy.age_band == AgeBand.CUSTOM:
        if policy.age_min is None and policy.age_max is None:
            problems.add("age_min", "A custom age range needs a minimum or a maximum age.")
        for name, value in (("age_min", policy.age_min), ("age_max", policy.age_max)):
            if value is not None and not 0 <= value <= MAX_AGE:
                problems.add(name, f"Ages must be between 0 and {MAX_AGE}; got {value}.")
        if (
            policy.age_min is not None
            and policy.age_max is not None
            and policy.age_min > policy.age_max
        ):
            problems.add(
                "age_max",
                f"The maximum age ({policy.age_max}) is below the minimum age ({policy.age_min}).",
            )
    elif policy.age_min is not None or policy.age_max is not None:
        problems.add("age_band", "Only a custom age range takes a minimum and maximum age.")

    _check_codes(
        problems,
        "accepted_sources",
        policy.accepted_sources,
        (s.value for s in ReferralSource),
        "referral source",
    )
    if not policy.accepted_sources:
        problems.add("accepted_sources", "A scheme must accept at least one referral source.")
    _check_codes(
        problems,
        "priority_groups",
        policy.priority_groups,
        (g.value for g in PriorityGroup),
        "priority group",
    )
    _check_codes(
        problems,
        "exclusions",
        policy.exclusions,
        (e.value for e in Exclusion),
        "exclusion criterion",
    )
    _check_codes(
        problems, "outcome_tools", policy.outcome_tools, OUTCOME_TOOL_LABELS, "outcome tool"
    )

    if policy.session_cap is not None and policy.session_cap < 1:
        problems.add(
            "session_cap",
            "A session cap must be at least 1 (leave it empty for no cap); "
            f"got {policy.session_cap}.",
        )
    if policy.rereferral_min_gap_days < 0:
        problems.add(
            "rereferral_min_gap_days",
            "The minimum gap before a re-referral cannot be negative.",
        )
    if policy.accompaniment not in {a.value for a in Accompaniment}:
        problems.add("accompaniment", f"Unknown accompaniment stance {policy.accompaniment!r}.")
    if policy.home_visits and Exclusion.HOUSEBOUND.value in policy.exclusions:
        problems.add(
            "exclusions",
            "A scheme that makes home visits cannot also exclude housebound people.",
        )
    if policy.age_band == AgeBand.OVER_50 and PriorityGroup.CHILDREN_FAMILIES.value in (
        policy.priority_groups
    ):
        problems.add(
            "priority_groups",
            "A scheme for people aged 50 and over cannot prioritise children and families.",
        )
    return problems
