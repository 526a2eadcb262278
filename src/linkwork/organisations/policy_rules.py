"""Scheme policy vocabulary and validation. Pure Python, shared by forms, API and importers.

Each problem is reported against the field it concerns, so every interface can show it
next to the input that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from linkwork.core.choices import Choices


class AgeBand(Choices):
    ALL_AGES = "all_ages", "All ages, including children"
    ADULTS = "adults", "Adults only (18 and over)"
    OVER_50 = "over_50", "50 and over"
    CUSTOM = "custom", "Custom age range"


# The fixed bands' limits; a custom band states its own.
AGE_BAND_LIMITS: dict[AgeBand, tuple[int, int | None]] = {
    AgeBand.ALL_AGES: (0, None),
    AgeBand.ADULTS: (18, None),
    AgeBand.OVER_50: (50, None),
}
MAX_AGE = 120


class ReferralSource(Choices):
    GP = "gp", "GP"
    PRACTICE_NURSE = "practice_nurse", "Practice nurse"
    RECEPTIONIST = "receptionist", "Receptionist"
    OTHER_PRACTICE_STAFF = "other_practice_staff", "Other practice staff"
    SELF = "self", "Self-referral"
    DWP = "dwp", "Department for Work and Pensions (DWP)"
    AMBULANCE = "ambulance_service", "Ambulance service"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    OTHER_SERVICE = "other_service", "Other health, social care or community service"


PRACTICE_SOURCES = frozenset(
    {
        ReferralSource.GP,
        ReferralSource.PRACTICE_NURSE,
        ReferralSource.RECEPTIONIST,
        ReferralSource.OTHER_PRACTICE_STAFF,
    }
)


class PriorityGroup(Choices):
    MENTAL_HEALTH = "mental_health", "Mental health"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    CHILDREN_FAMILIES = "children_families", "Children and families"
    FRAILTY = "frailty", "Frailty"
    HOSPITAL_DISCHARGE = "hospital_discharge", "Hospital discharge"
    HIGH_INTENSITY_ED = "high_intensity_ed", "High-intensity emergency department users"
    ASYLUM_REFUGEES = "asylum_refugees", "Asylum seekers and refugees"
    HOMELESSNESS = "homelessness", "People experiencing homelessness"
    DEPRIVED = "deprived_populations", "People in deprived areas"
    OLDER_PEOPLE = "older_people", "Older people"


class Exclusion(Choices):
    PSYCHIATRIC_CARE = "under_psychiatric_care", "Currently under psychiatric care"
    BEHAVIOURAL = "known_behavioural_issues", "Known behavioural issues"
    SUICIDAL_IDEATION = "suicidal_ideation", "Suicidal ideation"
    ACUTE_PSYCHOSIS = "acute_psychosis", "Acute psychosis"
    CURRENT_CRISIS = "current_crisis", "In current or very recent crisis"
    HOUSEBOUND = "housebound", "Housebound"


class Accompaniment(Choices):
    ROUTINE = "routine", "Routinely accompanies people to a first VCSE meeting"
    IF_NEEDED = "if_needed", "Accompanies people to a first meeting when they need it"
    LAST_RESORT = "last_resort", "Accompanies people only as a last resort"
    NOT_OFFERED = "not_offered", "Does not accompany people"


class OutcomeTool(Choices):
    """Outcome tools a scheme may name in its policy: the validated instruments linkwork
    scores, and the licensed tools it records score-only."""

    ONS4 = "ons4", "ONS4 personal well-being"
    WEMWBS = "wemwbs", "WEMWBS"
    SWEMWBS = "swemwbs", "SWEMWBS"
    UCLA3 = "ucla3", "UCLA 3-item loneliness"
    PHQ9 = "phq9", "PHQ-9"
    GAD7 = "gad7", "GAD-7"
    WELLBEING_STAR = "wellbeing_star", "Well-being Star"
    PAM = "pam", "Patient Activation Measure"
    RECOVERY_OUTCOMES_WEB = "recovery_outcomes_web", "Recovery Outcomes Web"
    EQ5D5L = "eq5d5l", "EQ-5D-5L"
    MYCAW = "mycaw", "MYCaW"


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
    if policy.age_band not in AgeBand:
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
        ReferralSource.values,
        "referral source",
    )
    if not policy.accepted_sources:
        problems.add("accepted_sources", "A scheme must accept at least one referral source.")
    _check_codes(
        problems,
        "priority_groups",
        policy.priority_groups,
        PriorityGroup.values,
        "priority group",
    )
    _check_codes(
        problems,
        "exclusions",
        policy.exclusions,
        Exclusion.values,
        "exclusion criterion",
    )
    _check_codes(
        problems, "outcome_tools", policy.outcome_tools, OutcomeTool.values, "outcome tool"
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
    if policy.accompaniment not in Accompaniment:
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
