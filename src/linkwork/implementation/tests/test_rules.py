"""The integration rule, without a database: every threshold at its boundary, the
not-assessable cases, the context indicators and overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.implementation.rules import (
    DEFAULT_RULE,
    INDICATORS,
    Classification,
    NomadFacts,
    PracticePeriodFacts,
    RuleConfigError,
    Status,
    Trend,
    assess,
    rule_from,
    trend,
)

FULL = Classification.FULLY_INTEGRATED
PARTIAL = Classification.PARTIALLY_INTEGRATED
NA = Classification.NOT_ASSESSABLE
END = date(2026, 9, 30)
GOOD_MEANS = {
    "coherence": 4.0,
    "cognitive_participation": 4.0,
    "collective_action": 4.0,
    "reflexive_monitoring": 3.0,
}


def facts(**changes: object) -> PracticePeriodFacts:
    """A practice that meets every counted indicator; change one thing at a time."""
    base = PracticePeriodFacts(
        period_start=date(2026, 7, 1),
        period_end=END,
        patient_minutes=800,
        practice_minutes=100,
        community_minutes=100,
        practice_activities_90d=6,
        community_activities_90d=6,
        event_staff_groups=frozenset({"GPs", "Nurses", "Reception and admin"}),
        referring_groups=frozenset({"GPs", "Practice nurses"}),
        continuity_recorded=True,
        uncovered_days=0,
        handover_overlaps=(),
        concurrent_initiatives=(),
        nomad=NomadFacts(closed_on=date(2026, 5, 29), responses=8, construct_means=GOOD_MEANS),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def nomad(**means: float | None) -> NomadFacts:
    return NomadFacts(
        closed_on=date(2026, 5, 29), responses=8, construct_means={**GOOD_MEANS, **means}
    )


def test_the_base_case_is_fully_integrated_at_every_boundary() -> None:
    result = assess(facts())
    assert result.classification is FULL
    assert result.indicator("practice_share").value == 10.0
    assert result.indicator("handover_overlap_days").status is Status.NOT_APPLICABLE
    # Reflexive monitoring is weak (3.0) but, as in the study, only context by default.
    assert [i.code for i in result.shortfalls] == ["nomad_reflexive_monitoring"]
    assert not result.shortfalls[0].counts


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        (
            {"patient_minutes": 0, "practice_minutes": 500, "community_minutes": 500},
            "patient_minutes",
        ),
        ({"practice_minutes": 99, "patient_minutes": 801}, "practice_share"),
        ({"community_minutes": 99, "patient_minutes": 801}, "community_share"),
        ({"practice_activities_90d": 5}, "practice_activities_90d"),
        ({"community_activities_90d": 5}, "community_activities_90d"),
        ({"event_staff_groups": frozenset({"GPs", "Nurses"})}, "event_staff_groups"),
        ({"nomad": nomad(coherence=3.49)}, "nomad_coherence"),
        ({"nomad": nomad(cognitive_participation=3.49)}, "nomad_cognitive_participation"),
        ({"nomad": nomad(collective_action=3.49)}, "nomad_collective_action"),
        ({"uncovered_days": 29}, "uncovered_weeks"),
        ({"handover_overlaps": (12, 4)}, "handover_overlap_days"),
    ],
)
def test_each_counted_threshold_just_missed_makes_it_partial(
    changes: dict[str, object], code: str
) -> None:
    result = assess(facts(**changes))
    assert result.classification is PARTIAL
    counted_short = [i.code for i in result.shortfalls if i.counts]
    assert counted_short == [code]


@pytest.mark.parametrize(
    "changes",
    [
        {"uncovered_days": 28},  # exactly 4.0 weeks
        {"handover_overlaps": (5,)},
        {"nomad": nomad(coherence=3.5, cognitive_participation=3.5, collective_action=3.5)},
        {"patient_minutes": 1, "practice_minutes": 300, "community_minutes": 300},
    ],
)
def test_thresholds_are_inclusive(changes: dict[str, object]) -> None:
    assert assess(facts(**changes)).classification is FULL


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"referring_groups": frozenset({"GPs"})}, "referring_staff_groups"),
        ({"nomad": nomad(reflexive_monitoring=1.0)}, "nomad_reflexive_monitoring"),
        ({"concurrent_initiatives": ("Pilot A", "Pilot B")}, "concurrent_initiatives"),
    ],
)
def test_context_indicators_are_flagged_but_do_not_count(
    changes: dict[str, object], code: str
) -> None:
    result = assess(facts(**changes))
    assert result.classification is FULL
    assert code in [i.code for i in result.shortfalls]
    # Counted once the rule says so.
    counted = rule_from({"context_indicators": []})
    assert assess(facts(**changes), counted).classification is PARTIAL


def test_no_continuity_record_is_not_assessable_even_with_shortfalls() -> None:
    result = assess(facts(continuity_recorded=False, practice_activities_90d=0))
    assert result.classification is NA
    assert "No link worker coverage" in result.reasons[0]
    assert result.indicator("uncovered_weeks").status is Status.NO_DATA


def test_less_than_an_hour_of_time_is_not_assessable() -> None:
    thin = facts(patient_minutes=30, practice_minutes=14, community_minutes=15)
    assert assess(thin).classification is NA
    assert "Less than 60 minutes" in assess(thin).reasons[0]
    enough = facts(
        patient_minutes=30, practice_minutes=15, community_minutes=15, practice_activities_90d=0
    )
    assert assess(enough).classification is PARTIAL


def test_shares_need_ten_hours_and_otherwise_have_no_data() -> None:
    result = assess(facts(patient_minutes=399, practice_minutes=100, community_minutes=100))
    assert result.indicator("practice_share").status is Status.NO_DATA
    assert result.classification is NA
    assert "Share of link worker time at practice level" in result.reasons[0]


def test_missing_nomad_is_not_assessable_but_a_shortfall_wins() -> None:
    assert assess(facts(nomad=None)).classification is NA
    assert [i.code for i in assess(facts(nomad=None)).missing] == [
        "nomad_coherence",
        "nomad_cognitive_participation",
        "nomad_collective_action",
    ]
    assert assess(facts(nomad=None, practice_activities_90d=0)).classification is PARTIAL


def test_a_stale_nomad_round_counts_as_no_data() -> None:
    fresh = NomadFacts(END - timedelta(days=365), 8, GOOD_MEANS)
    stale = NomadFacts(END - timedelta(days=366), 8, GOOD_MEANS)
    assert assess(facts(nomad=fresh)).classification is FULL
    assert assess(facts(nomad=stale)).classification is NA
    assert assess(facts(nomad=stale), rule_from({"nomad_max_age_days": 400})).classification is FULL


def test_a_construct_without_enough_answers_has_no_data() -> None:
    result = assess(facts(nomad=nomad(collective_action=None)))
    assert result.indicator("nomad_collective_action").status is Status.NO_DATA
    assert result.classification is NA


def test_nomad_trend_is_described() -> None:
    with_previous = NomadFacts(date(2026, 5, 29), 8, GOOD_MEANS, {"coherence": 3.6})
    note = assess(facts(nomad=with_previous)).indicator("nomad_coherence").note
    assert "previous round 3.60 (+0.40)" in note


def test_overrides_change_thresholds_and_refuse_nonsense() -> None:
    strict = rule_from({"min_practice_share_pct": 15, "max_uncovered_weeks": 1})
    assert assess(facts(), strict).classification is PARTIAL
    with pytest.raises(RuleConfigError) as excinfo:
        rule_from(
            {
                "min_practice_share_pct": 150,
                "min_event_staff_groups": 2.5,
                "colour": "blue",
                "context_indicators": ["not_an_indicator"],
                "max_uncovered_weeks": True,
            }
        )
    assert set(excinfo.value.problems) == {
        "min_practice_share_pct",
        "min_event_staff_groups",
        "colour",
        "context_indicators",
        "max_uncovered_weeks",
    }


def test_overrides_build_on_a_base_rule() -> None:
    base = rule_from({"min_construct_mean": 3.0})
    layered = rule_from({"max_concurrent_initiatives": 3}, base=base)
    assert (layered.min_construct_mean, layered.max_concurrent_initiatives) == (3.0, 3)
    assert DEFAULT_RULE.min_construct_mean == 3.5


def test_trend_compares_the_first_and_last_assessable_periods() -> None:
    full, partial, thin = (
        assess(facts()),
        assess(facts(uncovered_days=60)),
        assess(facts(nomad=None)),
    )
    assert trend([full, partial]) == "worsening"
    assert trend([partial, thin, full]) == "improving"
    worse_partial = assess(facts(uncovered_days=60, practice_activities_90d=0))
    assert trend([partial, worse_partial]) == "worsening"
    assert trend([full, full]) == "steady"
    assert trend([full, thin]) == "unclear"


def test_the_trend_agrees_with_the_periods_it_is_shown_beside() -> None:
    """Over the periods on the dashboard, a practice that now falls short in more ways than
    at the start is getting worse, even if it did better than last quarter."""
    one = assess(facts(uncovered_days=60))
    three = assess(facts(uncovered_days=60, practice_activities_90d=0, community_activities_90d=0))
    two = assess(facts(uncovered_days=60, practice_activities_90d=0))
    assert trend([one, three, two]) == Trend.WORSENING
    assert trend([two, one, three, one]) == Trend.IMPROVING
    # A period that cannot be assessed now says nothing about where the practice is going.
    assert trend([one, assess(facts()), assess(facts(nomad=None))]) == Trend.UNCLEAR
    assert [t.label for t in Trend] == [
        "Improving",
        "Getting worse",
        "No change",
        "Too little data to tell",
    ]


def test_every_indicator_is_reported_once_in_json() -> None:
    data = assess(facts()).as_json()
    assert list(data["indicators"]) == [spec.code for spec in INDICATORS]  # type: ignore[call-overload]
    assert data["classification"] == "fully_integrated"


@given(
    patient=st.integers(0, 20_000),
    practice=st.integers(0, 5_000),
    community=st.integers(0, 5_000),
    practice_n=st.integers(0, 30),
    community_n=st.integers(0, 30),
    uncovered=st.integers(0, 92),
    overlaps=st.lists(st.integers(0, 30), max_size=3),
    coherence=st.one_of(st.none(), st.floats(1, 5)),
    recorded=st.booleans(),
)
def test_fully_integrated_exactly_when_nothing_counted_is_short_or_missing(
    patient: int,
    practice: int,
    community: int,
    practice_n: int,
    community_n: int,
    uncovered: int,
    overlaps: list[int],
    coherence: float | None,
    recorded: bool,
) -> None:
    result = assess(
        facts(
            patient_minutes=patient,
            practice_minutes=practice,
            community_minutes=community,
            practice_activities_90d=practice_n,
            community_activities_90d=community_n,
            uncovered_days=uncovered,
            handover_overlaps=tuple(overlaps),
            continuity_recorded=recorded,
            nomad=nomad(coherence=coherence),
        )
    )
    counted = [i for i in result.indicators if i.counts]
    clean = all(i.status in {Status.MET, Status.NOT_APPLICABLE} for i in counted)
    thin = not recorded or patient + practice + community < DEFAULT_RULE.min_total_minutes
    assert (result.classification is FULL) == (clean and not thin)
    if not thin and any(i.status is Status.SHORT for i in counted):
        assert result.classification is PARTIAL
