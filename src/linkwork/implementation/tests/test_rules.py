"""The integration rule, without a database: every threshold at its boundary, the
not-assessable and not-integrated cases, leadership, NoMAD as supporting evidence, the context
indicators and overrides."""

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
    Evidence,
    LeadershipFacts,
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
NOT = Classification.NOT_INTEGRATED
NA = Classification.NOT_ASSESSABLE
LEAD = LeadershipFacts(date(2026, 4, 1), has_lead=True, lead_role="GP", in_meetings=True)
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
        leadership=LEAD,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def nomad(**means: float | None) -> NomadFacts:
    return NomadFacts(
        closed_on=date(2026, 5, 29), responses=8, construct_means={**GOOD_MEANS, **means}
    )


def test_the_base_case_is_fully_integrated_at_every_boundary() -> None:
    result = assess(facts())
    assert result.classification is FULL
    assert result.evidence is Evidence.STRENGTHENED
    assert result.indicator("practice_share").value == 10.0
    assert result.indicator("practice_lead").value == 2
    assert result.indicator("handover_overlap_days").status is Status.NOT_APPLICABLE
    # Reflexive monitoring is weak (3.0) but, as in the study, only context by default.
    assert [i.code for i in result.shortfalls] == ["nomad_reflexive_monitoring"]
    assert not result.shortfalls[0].counts


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"practice_minutes": 99, "patient_minutes": 801}, "practice_share"),
        ({"community_minutes": 99, "patient_minutes": 801}, "community_share"),
        ({"practice_activities_90d": 5}, "practice_activities_90d"),
        ({"community_activities_90d": 5}, "community_activities_90d"),
        ({"event_staff_groups": frozenset({"GPs", "Nurses"})}, "event_staff_groups"),
        ({"leadership": replace(LEAD, in_meetings=False)}, "practice_lead"),
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


def test_reflexive_monitoring_is_context_unless_the_rule_makes_it_evidence() -> None:
    low = facts(nomad=nomad(reflexive_monitoring=1.0))
    result = assess(low)
    assert (result.classification, result.evidence) == (FULL, Evidence.STRENGTHENED)
    assert "nomad_reflexive_monitoring" in [i.code for i in result.shortfalls]
    weighed = assess(low, rule_from({"context_indicators": []}))
    assert (weighed.classification, weighed.evidence) == (FULL, Evidence.QUESTIONED)


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


def test_shares_need_ten_hours_and_otherwise_stop_short_of_fully_integrated() -> None:
    result = assess(facts(patient_minutes=399, practice_minutes=100, community_minutes=100))
    assert result.indicator("practice_share").status is Status.NO_DATA
    assert result.classification is PARTIAL
    assert result.reasons[0].startswith("Everything recorded meets the rule, but fully")
    assert "Share of link worker time at practice level" in result.reasons[0]


# Patient-level work: every partially integrated practice in the study had it.


def test_no_patient_level_work_is_not_integrated_even_when_everything_else_is_met() -> None:
    result = assess(facts(patient_minutes=0, practice_minutes=500, community_minutes=500))
    assert result.classification is NOT
    assert [i.code for i in result.counted_shortfalls] == ["patient_minutes"]
    assert "every partially integrated practice" in result.reasons[0]


def test_patient_level_work_is_what_separates_partially_from_not_integrated() -> None:
    squeezed = {"practice_activities_90d": 0, "community_activities_90d": 0}
    assert assess(facts(patient_minutes=1, **squeezed)).classification is PARTIAL
    none = facts(patient_minutes=0, practice_minutes=60, community_minutes=60, **squeezed)
    assert assess(none).classification is NOT
    # The threshold is the rule's own: raise it and one minute is no longer enough.
    stricter = rule_from({"min_patient_minutes": 120})
    assert assess(facts(patient_minutes=119), stricter).classification is NOT


def test_too_little_time_is_not_assessable_before_it_is_not_integrated() -> None:
    thin = facts(patient_minutes=0, practice_minutes=20, community_minutes=20)
    assert assess(thin).classification is NA


# NoMAD strengthens or questions a classification; it never decides or blocks it.


def test_without_a_nomad_round_the_practice_is_still_assessed() -> None:
    no_patients = {"patient_minutes": 0, "practice_minutes": 500, "community_minutes": 500}
    for changes in ({}, {"practice_activities_90d": 0}, no_patients):
        with_round, without = assess(facts(**changes)), assess(facts(nomad=None, **changes))
        assert without.classification is with_round.classification
        assert without.classification is not NA
        assert without.evidence is Evidence.INDICATORS_ONLY
        assert not without.missing


@pytest.mark.parametrize(
    ("changes", "classification", "evidence"),
    [
        ({}, FULL, Evidence.STRENGTHENED),
        ({"nomad": nomad(coherence=3.49)}, FULL, Evidence.QUESTIONED),
        ({"practice_activities_90d": 0}, PARTIAL, Evidence.QUESTIONED),
        (
            {"practice_activities_90d": 0, "nomad": nomad(collective_action=2.5)},
            PARTIAL,
            Evidence.STRENGTHENED,
        ),
        ({"patient_minutes": 0, "nomad": nomad(coherence=2.0)}, NOT, Evidence.STRENGTHENED),
        ({"continuity_recorded": False}, NA, Evidence.NOT_APPLICABLE),
    ],
)
def test_nomad_strengthens_or_questions_the_classification(
    changes: dict[str, object], classification: Classification, evidence: Evidence
) -> None:
    result = assess(facts(**changes))
    assert (result.classification, result.evidence) == (classification, evidence)
    assert not any(i.counts for i in result.indicators if i.code.startswith("nomad_"))


def test_a_stale_nomad_round_is_no_evidence() -> None:
    fresh = NomadFacts(END - timedelta(days=365), 8, GOOD_MEANS)
    stale = NomadFacts(END - timedelta(days=366), 8, GOOD_MEANS)
    assert assess(facts(nomad=fresh)).evidence is Evidence.STRENGTHENED
    assert assess(facts(nomad=stale)).evidence is Evidence.INDICATORS_ONLY
    assert assess(facts(nomad=stale)).classification is FULL
    relaxed = rule_from({"nomad_max_age_days": 400})
    assert assess(facts(nomad=stale), relaxed).evidence is Evidence.STRENGTHENED


def test_a_construct_without_enough_answers_has_no_data() -> None:
    result = assess(facts(nomad=nomad(collective_action=None)))
    assert result.indicator("nomad_collective_action").status is Status.NO_DATA
    assert (result.classification, result.evidence) == (FULL, Evidence.STRENGTHENED)


# Leadership: a named practice lead who takes part in practice meetings.


def test_leadership_counts_toward_fully_integrated() -> None:
    not_in_meetings = assess(facts(leadership=replace(LEAD, in_meetings=False)))
    assert not_in_meetings.classification is PARTIAL
    assert not_in_meetings.indicator("practice_lead").value == 1
    assert "does not take part in practice meetings" in (
        not_in_meetings.indicator("practice_lead").note
    )
    nobody = assess(facts(leadership=LeadershipFacts(date(2026, 4, 1), False, "", False)))
    assert nobody.classification is PARTIAL
    assert nobody.indicator("practice_lead").value == 0
    # A scheme may ask only for a named lead.
    named = rule_from({"min_leadership_score": 1})
    assert assess(facts(leadership=replace(LEAD, in_meetings=False)), named).classification is FULL
    assert (
        assess(facts(leadership=LeadershipFacts(END, False, "", False)), named).classification
        is PARTIAL
    )


def test_unrecorded_or_stale_leadership_stops_short_of_fully_integrated() -> None:
    for lead in (None, replace(LEAD, recorded_on=END - timedelta(days=366))):
        result = assess(facts(leadership=lead))
        assert result.classification is PARTIAL
        assert result.indicator("practice_lead").status is Status.NO_DATA
        assert [i.code for i in result.missing] == ["practice_lead"]
        assert "Named practice lead" in result.reasons[0]
    on_the_day = replace(LEAD, recorded_on=END - timedelta(days=365))
    assert assess(facts(leadership=on_the_day)).classification is FULL


def test_the_summary_names_shortfalls_and_missing_data() -> None:
    assert assess(facts()).summary == "Nothing"
    both = assess(facts(practice_activities_90d=0, leadership=None))
    assert both.summary == (
        "Practice-development activities in the last 90 days; "
        "no data: Named practice lead who takes part in practice meetings"
    )
    assert assess(facts(continuity_recorded=False)).summary.startswith("No link worker coverage")


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
        assess(facts(continuity_recorded=False)),
    )
    assert trend([full, partial]) == "worsening"
    assert trend([partial, thin, full]) == "improving"
    worse_partial = assess(facts(uncovered_days=60, practice_activities_90d=0))
    assert trend([partial, worse_partial]) == "worsening"
    assert trend([full, full]) == "steady"
    assert trend([full, thin]) == "unclear"
    none = assess(facts(patient_minutes=0))
    assert trend([none, partial]) == "improving"
    assert trend([partial, none]) == "worsening"


def test_the_trend_agrees_with_the_periods_it_is_shown_beside() -> None:
    """Over the periods on the dashboard, a practice that now falls short in more ways than
    at the start is getting worse, even if it did better than last quarter."""
    one = assess(facts(uncovered_days=60))
    three = assess(facts(uncovered_days=60, practice_activities_90d=0, community_activities_90d=0))
    two = assess(facts(uncovered_days=60, practice_activities_90d=0))
    assert trend([one, three, two]) == Trend.WORSENING
    assert trend([two, one, three, one]) == Trend.IMPROVING
    # A period that cannot be assessed now says nothing about where the practice is going.
    assert trend([one, assess(facts()), assess(facts(continuity_recorded=False))]) == Trend.UNCLEAR
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
    assert data["nomad_evidence"] == "strengthened"
    indicators = data["indicators"]
    assert isinstance(indicators, dict)
    assert indicators["nomad_coherence"]["supporting_evidence"] is True
    assert indicators["nomad_coherence"]["counts_toward_classification"] is False
    assert indicators["practice_lead"]["counts_toward_classification"] is True


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
    lead=st.sampled_from([None, LEAD, replace(LEAD, in_meetings=False)]),
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
    lead: LeadershipFacts | None,
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
            leadership=lead,
        )
    )
    counted = [i for i in result.indicators if i.counts]
    clean = all(i.status in {Status.MET, Status.NOT_APPLICABLE} for i in counted)
    thin = not recorded or patient + practice + community < DEFAULT_RULE.min_total_minutes
    assert (result.classification is FULL) == (clean and not thin)
    assert (result.classification is NA) == thin  # NoMAD never makes it unassessable
    if not thin:
        assert (result.classification is NOT) == (patient == 0)
    if not thin and patient and not clean:
        assert result.classification is PARTIAL
