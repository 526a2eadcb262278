from __future__ import annotations

import pytest

from linkwork.organisations.policy_rules import PolicyInput, effective_age_range, validate_policy


def policy(**overrides: object) -> PolicyInput:
    base: dict[str, object] = {"age_band": "adults", "accepted_sources": ("gp",)}
    base.update(overrides)
    return PolicyInput(**base)  # type: ignore[arg-type]


def test_a_sensible_policy_has_no_problems() -> None:
    assert not validate_policy(policy(session_cap=6, exclusions=("current_crisis",)))


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"session_cap": 0}, "session_cap", "at least 1"),
        ({"age_band": "custom", "age_min": 65, "age_max": 18}, "age_max", "below the minimum"),
        ({"age_band": "custom"}, "age_min", "needs a minimum or a maximum"),
        ({"age_band": "custom", "age_min": 130}, "age_min", "between 0 and 120"),
        ({"age_band": "adults", "age_min": 30}, "age_band", "Only a custom age range"),
        ({"age_band": "teens"}, "age_band", "Unknown age range"),
        ({"accepted_sources": ()}, "accepted_sources", "at least one referral source"),
        ({"accepted_sources": ("gp", "postman")}, "accepted_sources", "postman"),
        ({"accepted_sources": ("gp", "gp")}, "accepted_sources", "only once"),
        ({"priority_groups": ("pirates",)}, "priority_groups", "pirates"),
        ({"exclusions": ("tall",)}, "exclusions", "tall"),
        ({"outcome_tools": ("vibes",)}, "outcome_tools", "vibes"),
        ({"rereferral_min_gap_days": -1}, "rereferral_min_gap_days", "negative"),
        ({"accompaniment": "sometimes"}, "accompaniment", "Unknown accompaniment"),
        (
            {"home_visits": True, "exclusions": ("housebound",)},
            "exclusions",
            "home visits cannot also exclude housebound",
        ),
        (
            {"age_band": "over_50", "priority_groups": ("children_families",)},
            "priority_groups",
            "50 and over",
        ),
    ],
)
def test_invalid_policies_name_the_field(
    overrides: dict[str, object], field: str, fragment: str
) -> None:
    problems = validate_policy(policy(**overrides))
    assert field in problems.by_field, problems.by_field
    assert any(fragment in message for message in problems.by_field[field])


def test_effective_age_ranges() -> None:
    assert effective_age_range(policy(age_band="all_ages")) == (0, None)
    assert effective_age_range(policy(age_band="adults")) == (18, None)
    assert effective_age_range(policy(age_band="over_50")) == (50, None)
    assert effective_age_range(policy(age_band="custom", age_min=16, age_max=25)) == (16, 25)
