"""Intake: does a referral fit the scheme's policy? Pure: every reason it cannot be accepted,
each with its decline code and a sentence a referrer understands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from linkwork.episodes.lifecycle import DeclineReason
from linkwork.organisations.policy_rules import (
    Exclusion,
    PolicyInput,
    ReferralSource,
    effective_age_range,
)


@dataclass(frozen=True, slots=True)
class IntakeFacts:
    source: str
    age: int
    exclusions: tuple[str, ...] = ()
    received_on: date | None = None
    last_episode_closed_on: date | None = None
    has_open_episode: bool = False


@dataclass(frozen=True, slots=True)
class IntakeProblem:
    code: DeclineReason
    message: str


def intake_problems(policy: PolicyInput, facts: IntakeFacts) -> list[IntakeProblem]:
    problems: list[IntakeProblem] = []
    if facts.source not in policy.accepted_sources:
        label = dict(ReferralSource.choices).get(facts.source, facts.source)
        message = (
            "This scheme does not accept self-referrals."
            if facts.source == "self"
            else f"This scheme does not accept referrals from: {label.lower()}."
        )
        problems.append(IntakeProblem(DeclineReason.SOURCE_NOT_ACCEPTED, message))
    low, high = effective_age_range(policy)
    if facts.age < low or (high is not None and facts.age > high):
        bounds = f"{low} and over" if high is None else f"{low} to {high}"
        problems.append(
            IntakeProblem(
                DeclineReason.AGE_OUTSIDE_RANGE,
                f"This scheme supports people aged {bounds}; this person is {facts.age}.",
            )
        )
    for exclusion in facts.exclusions:
        if exclusion in policy.exclusions:
            problems.append(
                IntakeProblem(
                    DeclineReason.EXCLUSION,
                    "This scheme cannot support people who are: "
                    f"{Exclusion(exclusion).label.lower()}.",
                )
            )
    if facts.has_open_episode:
        problems.append(
            IntakeProblem(
                DeclineReason.DUPLICATE,
                "This person already has an open referral with this scheme.",
            )
        )
    elif (
        policy.rereferral_min_gap_days
        and facts.last_episode_closed_on is not None
        and facts.received_on is not None
    ):
        earliest = facts.last_episode_closed_on + timedelta(days=policy.rereferral_min_gap_days)
        if facts.received_on < earliest:
            problems.append(
                IntakeProblem(
                    DeclineReason.REREFERRAL_TOO_SOON,
                    f"This scheme accepts a re-referral {policy.rereferral_min_gap_days} days "
                    f"after the last episode ended; that is {earliest:%d %B %Y}.",
                )
            )
    return problems
