"""The lookback the due lists narrow a caseload by never leaves out an episode with something
due: whatever the rules, sessions, discharge and questionnaires already taken."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from linkwork.outcomes.schedule import (
    EpisodeFacts,
    Lookback,
    Rule,
    Taken,
    default_rules,
    lookback,
    may_be_due,
    outstanding,
    rule_problem,
)
from linkwork.outcomes.vocab import RuleKind, Timepoint

START = date(2025, 1, 6)
INSTRUMENTS = ("swemwbs", "ons4")
SESSION_TIMEPOINTS = (Timepoint.BASELINE, Timepoint.REVIEW, Timepoint.DISCHARGE)


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    kind = draw(st.sampled_from(list(RuleKind)))
    grace = draw(st.integers(0, 30))
    rule = Rule(
        instrument_id=draw(st.sampled_from(INSTRUMENTS)),
        timepoint=Timepoint.FOLLOW_UP
        if kind is RuleKind.AFTER_DISCHARGE
        else draw(st.sampled_from(SESSION_TIMEPOINTS)),
        kind=kind,
        session_number=draw(st.integers(1, 6)),
        days=draw(st.integers(1, 200)),
        grace_days=grace,
        window_days=draw(st.integers(grace, 150)),
    )
    assert rule_problem(rule) is None
    return rule


@st.composite
def episodes(draw: st.DrawFn) -> EpisodeFacts:
    offsets = sorted(draw(st.lists(st.integers(0, 400), max_size=8)))
    status = draw(st.sampled_from(["accepted", "waiting", "active", "discharged"]))
    last = offsets[-1] if offsets else 0
    closed = START + timedelta(days=last + draw(st.integers(0, 120)))
    return EpisodeFacts(
        received_on=START,
        status=status,
        closed_on=closed if status == "discharged" else None,
        session_dates={n: START + timedelta(days=d) for n, d in enumerate(offsets, start=1)},
    )


def near_an_edge(data: st.DataObject, schedule: list[Rule], facts: EpisodeFacts) -> date:
    """A day within a few days of the end of one rule's window, where a lookback one day
    short would show; or, now and then, any day."""
    rule = data.draw(st.sampled_from(schedule))
    start = facts.closed_on or START
    if rule.kind in (RuleKind.SESSION, RuleKind.SESSION_OR_DISCHARGE) and facts.session_dates:
        start = data.draw(st.sampled_from(list(facts.session_dates.values())))
    if rule.kind is RuleKind.AFTER_DISCHARGE:
        start += timedelta(days=rule.days or 0)
    edge = start + timedelta(days=rule.window_days)
    jitter = data.draw(st.one_of(st.integers(-3, 3), st.integers(-400, 400)))
    return edge + timedelta(days=jitter)


taken_lists = st.lists(
    st.builds(
        Taken,
        st.sampled_from(INSTRUMENTS),
        st.sampled_from(list(Timepoint)),
        st.integers(0, 600).map(lambda d: START + timedelta(days=d)),
    ),
    max_size=4,
)


# More examples than the default: a lookback a day short shows only at a window's edge.
@settings(max_examples=400)
@given(
    schedule=st.lists(rules(), min_size=1, max_size=6),
    facts=episodes(),
    taken=taken_lists,
    data=st.data(),
)
def test_an_episode_with_something_due_is_never_left_out(
    schedule: list[Rule], facts: EpisodeFacts, taken: list[Taken], data: st.DataObject
) -> None:
    today = near_an_edge(data, schedule, facts)
    window = lookback(schedule)
    assert window is not None
    if outstanding(schedule, facts, taken, today):
        assert may_be_due(window, facts, today)


def test_the_default_schedule_looks_back_a_window_for_sessions_and_further_for_discharge() -> None:
    # Sessions: the 90-day window. Discharge: the follow-up's 91 days and then its window.
    assert lookback(default_rules(["swemwbs"])) == Lookback(session_days=90, discharge_days=181)
    assert lookback([]) is None


def test_an_episode_whose_last_session_and_discharge_are_long_past_is_left_out() -> None:
    window = Lookback(session_days=90, discharge_days=181)
    today = START + timedelta(days=300)
    old = EpisodeFacts(START, "discharged", START + timedelta(days=118), {1: START})
    assert not may_be_due(window, old, today)
    recent = EpisodeFacts(START, "discharged", START + timedelta(days=119), {1: START})
    assert may_be_due(window, recent, today)
    active = EpisodeFacts(START, "active", None, {1: START + timedelta(days=210)})
    assert may_be_due(window, active, today)
    assert not may_be_due(window, EpisodeFacts(START, "active", None, {}), today)
