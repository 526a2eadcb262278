from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.core.dates import age_on
from linkwork.episodes.intake import IntakeFacts, intake_problems
from linkwork.episodes.lifecycle import (
    CLOSED_STATUSES,
    TRANSITIONS,
    DeclineReason,
    Status,
    transition_problem,
)
from linkwork.organisations.policy_rules import PolicyInput

POLICY = PolicyInput(
    age_band="adults",
    accepted_sources=("gp", "receptionist"),
    rereferral_min_gap_days=90,
    exclusions=("current_crisis",),
)


def codes(facts: IntakeFacts, policy: PolicyInput = POLICY) -> list[DeclineReason]:
    return [p.code for p in intake_problems(policy, facts)]


def test_a_fitting_referral_has_no_problems() -> None:
    assert codes(IntakeFacts(source="gp", age=40)) == []


def test_self_referral_is_named_precisely() -> None:
    [problem] = intake_problems(POLICY, IntakeFacts(source="self", age=40))
    assert problem.code is DeclineReason.SOURCE_NOT_ACCEPTED
    assert problem.message == "This scheme does not accept self-referrals."


def test_other_sources_and_age_and_exclusion() -> None:
    problems = intake_problems(
        POLICY, IntakeFacts(source="dwp", age=16, exclusions=("current_crisis", "housebound"))
    )
    assert [p.code for p in problems] == [
        DeclineReason.SOURCE_NOT_ACCEPTED,
        DeclineReason.AGE_OUTSIDE_RANGE,
        DeclineReason.EXCLUSION,
    ]
    assert "department for work and pensions" in problems[0].message
    assert problems[1].message == "This scheme supports people aged 18 and over; this person is 16."
    assert "in current or very recent crisis" in problems[2].message


def test_rereferral_gap() -> None:
    too_soon = IntakeFacts(
        source="gp", age=40, received_on=date(2026, 3, 1), last_episode_closed_on=date(2026, 1, 15)
    )
    [problem] = intake_problems(POLICY, too_soon)
    assert problem.code is DeclineReason.REREFERRAL_TOO_SOON
    assert "15 April 2026" in problem.message
    later = IntakeFacts(
        source="gp", age=40, received_on=date(2026, 4, 15), last_episode_closed_on=date(2026, 1, 15)
    )
    assert codes(later) == []


def test_open_episode_is_a_duplicate() -> None:
    assert codes(IntakeFacts(source="gp", age=40, has_open_episode=True)) == [
        DeclineReason.DUPLICATE
    ]


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2000, 5, 10), date(2026, 5, 9), 25),
        (date(2000, 5, 10), date(2026, 5, 10), 26),
        (date(2000, 2, 29), date(2026, 2, 28), 25),
        (date(2000, 2, 29), date(2026, 3, 1), 26),
    ],
)
def test_age_on(born: date, day: date, age: int) -> None:
    assert age_on(born, day) == age


@given(st.sampled_from(list(Status)), st.sampled_from(list(Status)))
def test_transition_table_is_the_only_judge(current: Status, target: Status) -> None:
    problem = transition_problem(current, target)
    assert (problem is None) == (target in TRANSITIONS[current])
    if current in CLOSED_STATUSES:
        assert problem is not None
        assert "closed" in problem


def test_lifecycle_reaches_every_status_from_received() -> None:
    seen, frontier = {Status.RECEIVED}, [Status.RECEIVED]
    while frontier:
        for nxt in TRANSITIONS[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(Status)
