"""When questionnaires fall due, and whether a date is right for a timepoint. Pure: no Django.

A scheme's schedule is a list of `Rule`s (stored as `ScheduleRule` rows, or the default
below when a scheme has set none). An episode is described by `EpisodeFacts` (dates of
attended sessions, discharge), what was already recorded by `Taken`. From these:

- `due_date(rule, facts)` is the day a rule falls due, or None while it has not;
- `timing_problem(...)` says why a questionnaire cannot be recorded at a timepoint on a date
  (the "mistimed" messages), or None;
- `outstanding(...)` lists the rules due or overdue today and not yet recorded;
- `lookback(rules)` and `may_be_due(...)` say which episodes cannot have anything due today,
  so a long caseload is narrowed before its sessions are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from linkwork.outcomes.vocab import ONCE_PER_EPISODE, RuleKind, Timepoint

# Review and discharge forms are often typed up after the episode is formally closed.
RECORD_AFTER_CLOSE_DAYS = 28
# Anything sooner after discharge is the discharge questionnaire, not a follow-up.
FOLLOW_UP_MIN_DAYS = 28
DEFAULT_GRACE_DAYS = 14
DEFAULT_WINDOW_DAYS = 90
# "Three months after discharge", in days, so due dates never depend on month lengths.
DEFAULT_FOLLOW_UP_DAYS = 91
DEFAULT_REVIEW_SESSION = 4

# Referral statuses (referrals.lifecycle.Status values), kept as text so this stays pure.
NOT_STARTED = frozenset({"received", "declined"})
DISCHARGED = "discharged"

State = Literal["upcoming", "due", "overdue", "missed"]


@dataclass(frozen=True, slots=True)
class Rule:
    instrument_id: str
    timepoint: Timepoint
    kind: RuleKind
    session_number: int | None = None
    days: int | None = None
    # Overdue once `grace_days` have passed since the due date; dropped from the lists as
    # missed after `window_days`, so years-old gaps do not bury this week's work.
    grace_days: int = DEFAULT_GRACE_DAYS
    window_days: int = DEFAULT_WINDOW_DAYS


@dataclass(frozen=True, slots=True)
class EpisodeFacts:
    received_on: date
    status: str
    closed_on: date | None = None
    session_dates: Mapping[int, date] = field(default_factory=dict)

    @property
    def discharged(self) -> bool:
        return self.status == DISCHARGED and self.closed_on is not None


@dataclass(frozen=True, slots=True)
class Taken:
    instrument_id: str
    timepoint: Timepoint
    administered_on: date


@dataclass(frozen=True, slots=True)
class Due:
    rule: Rule
    due_on: date

    @property
    def overdue_from(self) -> date:
        return self.due_on + timedelta(days=self.rule.grace_days + 1)

    @property
    def missed_from(self) -> date:
        return self.due_on + timedelta(days=self.rule.window_days + 1)

    def state(self, today: date) -> State:
        if today < self.due_on:
            return "upcoming"
        if today >= self.missed_from:
            return "missed"
        if today >= self.overdue_from:
            return "overdue"
        return "due"


def default_rules(instrument_ids: Iterable[str]) -> list[Rule]:
    """Baseline at the first session, review at the fourth (or at discharge if sooner),
    follow-up three months after discharge: the common pattern in the mapping study."""
    rules: list[Rule] = []
    for instrument_id in instrument_ids:
        rules += [
            Rule(instrument_id, Timepoint.BASELINE, RuleKind.SESSION, session_number=1),
            Rule(
                instrument_id,
                Timepoint.REVIEW,
                RuleKind.SESSION_OR_DISCHARGE,
                session_number=DEFAULT_REVIEW_SESSION,
            ),
            Rule(
                instrument_id,
                Timepoint.FOLLOW_UP,
                RuleKind.AFTER_DISCHARGE,
                days=DEFAULT_FOLLOW_UP_DAYS,
            ),
        ]
    return rules


def rule_problem(rule: Rule) -> str | None:
    """Why a rule is not well formed, or None."""
    needs_session = rule.kind in (RuleKind.SESSION, RuleKind.SESSION_OR_DISCHARGE)
    if needs_session and (rule.session_number is None or rule.session_number < 1):
        return "Give the session number (1 or more) at which it falls due."
    if rule.kind is RuleKind.AFTER_DISCHARGE and (rule.days is None or rule.days < 1):
        return "Give the number of days after discharge (1 or more)."
    if rule.kind is RuleKind.AFTER_DISCHARGE and rule.timepoint is not Timepoint.FOLLOW_UP:
        return "Only a follow-up falls due after discharge."
    if rule.timepoint is Timepoint.FOLLOW_UP and rule.kind is not RuleKind.AFTER_DISCHARGE:
        return "A follow-up falls due a number of days after discharge."
    if rule.grace_days < 0 or rule.window_days < rule.grace_days:
        return "The grace period must be 0 or more, and no longer than the window."
    return None


def due_date(rule: Rule, facts: EpisodeFacts) -> date | None:
    """The day this rule falls due in the episode, or None if it has not (or never will)."""
    session = facts.session_dates.get(rule.session_number or 0)
    if rule.kind is RuleKind.SESSION:
        return session
    if rule.kind is RuleKind.SESSION_OR_DISCHARGE:
        if session is not None:
            return session
        return facts.closed_on if facts.discharged else None
    if rule.kind is RuleKind.DISCHARGE:
        return facts.closed_on if facts.discharged else None
    if facts.discharged and facts.closed_on is not None:
        return facts.closed_on + timedelta(days=rule.days or 0)
    return None


@dataclass(frozen=True, slots=True)
class Lookback:
    """How long ago the day that starts a rule's clock can be for the rule to be due or
    overdue today: an attended session at most `session_days` ago, or a discharge at most
    `discharge_days` ago. An episode with neither has nothing to list, so a list can leave it
    out before reading its sessions and questionnaires."""

    session_days: int
    discharge_days: int


def lookback(rules: Iterable[Rule]) -> Lookback | None:
    """The widest lookback any of `rules` needs, or None when there are no rules."""
    session_days: list[int] = []
    discharge_days: list[int] = []
    for rule in rules:
        if rule.kind in (RuleKind.SESSION, RuleKind.SESSION_OR_DISCHARGE):
            session_days.append(rule.window_days)
        if rule.kind in (RuleKind.SESSION_OR_DISCHARGE, RuleKind.DISCHARGE):
            discharge_days.append(rule.window_days)
        if rule.kind is RuleKind.AFTER_DISCHARGE:
            discharge_days.append(rule.window_days + (rule.days or 0))
    if not session_days and not discharge_days:
        return None
    return Lookback(max(session_days, default=-1), max(discharge_days, default=-1))


def may_be_due(window: Lookback, facts: EpisodeFacts, today: date) -> bool:
    """False only when nothing in the episode can be due or overdue today (the same test
    the lists run in SQL; `outstanding` decides what is)."""
    since_session = today - timedelta(days=window.session_days)
    if window.session_days >= 0 and any(d >= since_session for d in facts.session_dates.values()):
        return True
    since_discharge = today - timedelta(days=window.discharge_days)
    return (
        window.discharge_days >= 0
        and facts.discharged
        and facts.closed_on is not None
        and facts.closed_on >= since_discharge
    )


def _satisfied(rule: Rule, due: date, facts: EpisodeFacts, taken: Sequence[Taken]) -> bool:
    mine = [t for t in taken if t.instrument_id == rule.instrument_id]
    if any(t.timepoint is rule.timepoint for t in mine):
        return True
    # A review that fell due at discharge is the discharge questionnaire by another name.
    at_discharge = facts.discharged and due == facts.closed_on
    return (
        rule.kind is RuleKind.SESSION_OR_DISCHARGE
        and at_discharge
        and any(t.timepoint is Timepoint.DISCHARGE for t in mine)
    )


def outstanding(
    rules: Iterable[Rule], facts: EpisodeFacts, taken: Sequence[Taken], today: date
) -> list[Due]:
    """Rules due or overdue today, not yet recorded, and still recordable today."""
    result: list[Due] = []
    for rule in rules:
        due_on = due_date(rule, facts)
        if due_on is None:
            continue
        due = Due(rule, due_on)
        if due.state(today) not in ("due", "overdue") or _satisfied(rule, due_on, facts, taken):
            continue
        problem = timing_problem(
            timepoint=rule.timepoint,
            instrument_name=rule.instrument_id,
            on=today,
            today=today,
            facts=facts,
            taken=[t for t in taken if t.instrument_id == rule.instrument_id],
        )
        if problem is None:
            result.append(due)
    return sorted(result, key=lambda d: (d.due_on, d.rule.instrument_id, d.rule.timepoint))


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def timing_problem(
    *,
    timepoint: Timepoint,
    instrument_name: str,
    on: date,
    today: date,
    facts: EpisodeFacts,
    taken: Sequence[Taken],
) -> str | None:
    """Why `instrument_name` cannot be recorded at `timepoint` on `on`, or None.

    `taken` holds what is already recorded in this episode for this instrument.
    """
    label = Timepoint(timepoint).label.lower()
    if on > today:
        return "The date the questionnaire was completed cannot be in the future."
    if on < facts.received_on:
        return f"The date is before the referral was received ({_day(facts.received_on)})."
    if facts.status in NOT_STARTED:
        return "Questionnaires are recorded once the referral has been accepted."
    if timepoint in ONCE_PER_EPISODE:
        for earlier in taken:
            if earlier.timepoint is timepoint:
                return (
                    f"This episode already has a {label} {instrument_name} "
                    f"(completed {_day(earlier.administered_on)}). Correct that one instead."
                )
    baseline = next((t for t in taken if t.timepoint is Timepoint.BASELINE), None)
    if timepoint is Timepoint.BASELINE:
        return _baseline_problem(on, facts, taken)
    if baseline is not None and on < baseline.administered_on:
        return (
            f"A {label} cannot come before the baseline "
            f"(completed {_day(baseline.administered_on)})."
        )
    if timepoint is Timepoint.FOLLOW_UP:
        return _follow_up_problem(on, facts)
    if facts.closed_on is not None and on > facts.closed_on + timedelta(
        days=RECORD_AFTER_CLOSE_DAYS
    ):
        return (
            f"A {label} is recorded no later than {RECORD_AFTER_CLOSE_DAYS} days after the "
            f"episode closed ({_day(facts.closed_on)}); record a follow-up instead."
        )
    return None


def _baseline_problem(on: date, facts: EpisodeFacts, taken: Sequence[Taken]) -> str | None:
    if facts.closed_on is not None and on > facts.closed_on:
        return f"A baseline cannot be after the episode closed ({_day(facts.closed_on)})."
    earlier = sorted((t for t in taken if t.administered_on < on), key=lambda t: t.administered_on)
    if earlier:
        first = earlier[0]
        return (
            f"A baseline must come before the {Timepoint(first.timepoint).label.lower()} "
            f"completed {_day(first.administered_on)}."
        )
    return None


def _follow_up_problem(on: date, facts: EpisodeFacts) -> str | None:
    if not facts.discharged or facts.closed_on is None:
        return "A follow-up is taken after discharge, and this episode has not been discharged."
    earliest = facts.closed_on + timedelta(days=FOLLOW_UP_MIN_DAYS)
    if on < earliest:
        days = (on - facts.closed_on).days
        when = f"{days} days after" if days >= 0 else "before discharge"
        return (
            f"A follow-up is taken at least {FOLLOW_UP_MIN_DAYS} days after discharge "
            f"({_day(facts.closed_on)}); this date is {when}. "
            "Record it as the discharge questionnaire instead."
        )
    return None
