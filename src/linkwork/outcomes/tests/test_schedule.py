"""The pure schedule: due dates, outstanding questionnaires and mistimed entries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from linkwork.outcomes.schedule import (
    Due,
    EpisodeFacts,
    Rule,
    Taken,
    default_rules,
    due_date,
    outstanding,
    rule_problem,
    timing_problem,
)
from linkwork.outcomes.vocab import RuleKind, Timepoint

B, R, D, F = Timepoint.BASELINE, Timepoint.REVIEW, Timepoint.DISCHARGE, Timepoint.FOLLOW_UP
START = date(2025, 1, 6)


def facts(sessions: int = 0, *, status: str = "active", closed: date | None = None) -> EpisodeFacts:
    return EpisodeFacts(
        received_on=START,
        status=status,
        closed_on=closed,
        session_dates={n: START + timedelta(days=7 * n) for n in range(1, sessions + 1)},
    )


def test_default_schedule_is_baseline_review_and_follow_up() -> None:
    rules = default_rules(["swemwbs"])
    assert [(r.timepoint, r.kind, r.session_number, r.days) for r in rules] == [
        (B, RuleKind.SESSION, 1, None),
        (R, RuleKind.SESSION_OR_DISCHARGE, 4, None),
        (F, RuleKind.AFTER_DISCHARGE, None, 91),
    ]
    assert all(rule_problem(r) is None for r in rules)


def test_due_dates_follow_sessions_and_discharge() -> None:
    baseline, review, follow_up = default_rules(["swemwbs"])
    assert due_date(baseline, facts(0)) is None
    assert due_date(baseline, facts(2)) == START + timedelta(days=7)
    assert due_date(review, facts(3)) is None
    assert due_date(review, facts(5)) == START + timedelta(days=28)
    closed = START + timedelta(days=30)
    # Discharged before the fourth session: the review falls due at discharge.
    assert due_date(review, facts(2, status="discharged", closed=closed)) == closed
    assert due_date(follow_up, facts(2)) is None
    assert due_date(follow_up, facts(2, status="discharged", closed=closed)) == closed + timedelta(
        days=91
    )
    # Withdrawn episodes are closed but never discharged: no follow-up.
    assert due_date(follow_up, facts(2, status="withdrawn", closed=closed)) is None


def test_due_overdue_and_missed_states() -> None:
    due = Due(default_rules(["phq9"])[0], date(2025, 3, 1))
    assert due.state(date(2025, 2, 28)) == "upcoming"
    assert due.state(date(2025, 3, 1)) == "due"
    assert due.state(date(2025, 3, 15)) == "due"
    assert due.state(date(2025, 3, 16)) == "overdue"
    assert due.state(date(2025, 5, 30)) == "overdue"
    assert due.state(date(2025, 5, 31)) == "missed"


def test_outstanding_drops_what_is_recorded() -> None:
    rules = default_rules(["swemwbs", "ons4"])
    today = START + timedelta(days=10)
    episode = facts(1)
    due = outstanding(rules, episode, [], today)
    assert [(d.rule.instrument_id, d.rule.timepoint) for d in due] == [("ons4", B), ("swemwbs", B)]
    taken = [Taken("swemwbs", B, START + timedelta(days=7))]
    assert [d.rule.instrument_id for d in outstanding(rules, episode, taken, today)] == ["ons4"]


def test_a_baseline_is_not_listed_once_the_episode_has_closed() -> None:
    closed = START + timedelta(days=20)
    episode = facts(1, status="discharged", closed=closed)
    rules = [default_rules(["swemwbs"])[0]]
    assert outstanding(rules, episode, [], closed + timedelta(days=3)) == []


def test_review_due_at_discharge_is_satisfied_by_a_discharge_questionnaire() -> None:
    closed = START + timedelta(days=20)
    episode = facts(2, status="discharged", closed=closed)
    review = default_rules(["swemwbs"])[1]
    today = closed + timedelta(days=2)
    assert [d.rule for d in outstanding([review], episode, [], today)] == [review]
    assert outstanding([review], episode, [Taken("swemwbs", D, closed)], today) == []


def test_follow_up_due_three_months_after_discharge() -> None:
    closed = START + timedelta(days=30)
    episode = facts(3, status="discharged", closed=closed)
    follow_up = default_rules(["swemwbs"])[2]
    assert outstanding([follow_up], episode, [], closed + timedelta(days=90)) == []
    (due,) = outstanding([follow_up], episode, [], closed + timedelta(days=91))
    assert due.due_on == closed + timedelta(days=91)


def mistimed(timepoint: Timepoint, on: date, episode: EpisodeFacts, *taken: Taken) -> str | None:
    return timing_problem(
        timepoint=timepoint,
        instrument_name="SWEMWBS",
        on=on,
        today=date(2025, 12, 31),
        facts=episode,
        taken=list(taken),
    )


def test_future_and_pre_referral_dates_are_refused() -> None:
    assert "cannot be in the future" in (mistimed(B, date(2026, 1, 1), facts(1)) or "")
    assert "before the referral was received (6 January 2025)" in (
        mistimed(B, START - timedelta(days=1), facts(1)) or ""
    )


def test_a_second_baseline_is_refused() -> None:
    first = Taken("swemwbs", B, START + timedelta(days=7))
    problem = mistimed(B, START + timedelta(days=14), facts(2), first)
    assert problem == (
        "This episode already has a baseline SWEMWBS (completed 13 January 2025). "
        "Correct that one instead."
    )
    # Reviews may repeat.
    review = Taken("swemwbs", R, START + timedelta(days=14))
    assert mistimed(R, START + timedelta(days=21), facts(3), first, review) is None


def test_baseline_must_come_first_and_within_the_episode() -> None:
    review = Taken("swemwbs", R, START + timedelta(days=7))
    assert "must come before the review completed 13 January 2025" in (
        mistimed(B, START + timedelta(days=14), facts(2), review) or ""
    )
    closed = START + timedelta(days=10)
    assert "cannot be after the episode closed" in (
        mistimed(B, closed + timedelta(days=1), facts(1, status="discharged", closed=closed)) or ""
    )
    baseline = Taken("swemwbs", B, START + timedelta(days=14))
    assert "cannot come before the baseline" in (
        mistimed(R, START + timedelta(days=7), facts(2), baseline) or ""
    )


def test_follow_up_needs_a_discharge_at_least_four_weeks_earlier() -> None:
    assert "has not been discharged" in (mistimed(F, START + timedelta(days=60), facts(2)) or "")
    closed = START + timedelta(days=30)
    episode = facts(2, status="discharged", closed=closed)
    problem = mistimed(F, closed + timedelta(days=10), episode)
    assert problem == (
        "A follow-up is taken at least 28 days after discharge (5 February 2025); this date is "
        "10 days after. Record it as the discharge questionnaire instead."
    )
    assert mistimed(F, closed + timedelta(days=28), episode) is None
    assert "review is recorded no later than 28 days" in (
        mistimed(R, closed + timedelta(days=29), episode) or ""
    )


def test_referrals_not_yet_accepted_take_no_questionnaires() -> None:
    problem = mistimed(B, START, facts(0, status="received"))
    assert problem == "Questionnaires are recorded once the referral has been accepted."


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (Rule("x", B, RuleKind.SESSION), "session number"),
        (Rule("x", F, RuleKind.AFTER_DISCHARGE), "number of days"),
        (Rule("x", R, RuleKind.AFTER_DISCHARGE, days=10), "Only a follow-up"),
        (Rule("x", F, RuleKind.DISCHARGE), "A follow-up falls due"),
        (Rule("x", B, RuleKind.SESSION, 1, grace_days=30, window_days=10), "grace period"),
    ],
)
def test_malformed_rules_are_explained(rule: Rule, message: str) -> None:
    assert message in (rule_problem(rule) or "")
