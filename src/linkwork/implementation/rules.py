"""The integration rule: is the programme fully or partially integrated in a practice?
Pure, no Django.

The Deep End evaluation called a practice *fully integrated* when the link worker's work ran
at all three levels (patient, practice and community) with shared understanding, engagement
and collective work on the programme (NPT coherence, cognitive participation and collective
action), and *partially integrated* when one-to-one patient work ran but practice development
and community networking were squeezed out. Continuity of link worker support made the
difference; reflexive monitoring was weak everywhere; concurrent initiatives distracted some.

The rule turns that into indicators with thresholds. Defaults (all configurable):

=============================  ========================================  ===================
indicator                      meets the rule when                       default threshold
=============================  ========================================  ===================
patient_minutes                one-to-one minutes in the period >=       1 minute
practice_share                 practice-level % of link worker time >=   10 %
practice_activities_90d        practice-level activities, last 90 d >=   6
community_share                community-level % of link worker time >=  10 %
community_activities_90d       community-level activities, last 90 d >=  6
event_staff_groups             staff groups at practice events, 90 d >=  3 of 4
referring_staff_groups         practice staff groups that referred >=    2 of 4 (context)
nomad_<construct>              NoMAD construct mean (1-5) >=             3.5
uncovered_weeks                weeks without link worker cover <=        4
handover_overlap_days          shortest handover overlap (days) >=       5
concurrent_initiatives         initiatives running alongside <=          1 (context)
=============================  ========================================  ===================

Time shares are of the link worker time recorded for the practice in the period: one-to-one
(encounters) + practice level + community level; with less than ``min_minutes_for_shares``
(600, ten hours) recorded in all they have no data, because a share of a few hours says
little. The 90-day windows end on the period's last day. The NoMAD scores come from the
latest reportable round (closed, with enough responses) that closed on or before the period's
end and at most ``nomad_max_age_days`` (365) before it.

*Context* indicators (by default: referring_staff_groups, nomad_reflexive_monitoring, which
the study found weak in every practice, and concurrent_initiatives) are shown, and flagged
when they fall short, but do not change the classification. ``context_indicators`` sets which.

Classification, first match wins:

1. **not_assessable** when the data are too thin: no link worker coverage, absence or vacancy
   is recorded for any day of the period, or less than ``min_total_minutes`` (60, one hour)
   of link worker time (one-to-one, practice and community together) is recorded for it;
2. **partially_integrated** when any counted indicator falls short (missing one-to-one work
   counts as a shortfall);
3. **not_assessable** when every counted indicator with data is met but some have none (in
   practice: no reportable NoMAD round in the last ``nomad_max_age_days``);
4. **fully_integrated** otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from linkwork.core.choices import Choices
from linkwork.implementation.nomad import Construct
from linkwork.implementation.rule_config import (
    DEFAULT_RULE,
    INDICATORS,
    IndicatorSpec,
    IntegrationRule,
    RuleConfigError,
    indicator_spec,
    rule_from,
)

__all__ = [
    "DEFAULT_RULE",
    "INDICATORS",
    "Assessment",
    "Classification",
    "Indicator",
    "IndicatorSpec",
    "IntegrationRule",
    "NomadFacts",
    "PracticePeriodFacts",
    "RuleConfigError",
    "Status",
    "Trend",
    "assess",
    "rule_from",
    "trend",
]


class Classification(Choices):
    FULLY_INTEGRATED = "fully_integrated", "Fully integrated"
    PARTIALLY_INTEGRATED = "partially_integrated", "Partially integrated"
    NOT_ASSESSABLE = "not_assessable", "Not yet assessable"


class Trend(Choices):
    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Getting worse"
    STEADY = "steady", "No change"
    UNCLEAR = "unclear", "Too little data to tell"


class Status(StrEnum):
    MET = "met"
    SHORT = "short"
    NO_DATA = "no_data"
    NOT_APPLICABLE = "not_applicable"  # e.g. no handover happened; counts as met


@dataclass(frozen=True, slots=True)
class NomadFacts:
    """The latest reportable NoMAD round for the practice, and the one before it."""

    closed_on: date
    responses: int
    construct_means: Mapping[str, float | None]
    previous_means: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PracticePeriodFacts:
    period_start: date
    period_end: date
    patient_minutes: int
    practice_minutes: int
    community_minutes: int
    practice_activities_90d: int
    community_activities_90d: int
    event_staff_groups: frozenset[str]
    referring_groups: frozenset[str]
    continuity_recorded: bool
    uncovered_days: int
    handover_overlaps: tuple[int, ...]
    concurrent_initiatives: tuple[str, ...]
    nomad: NomadFacts | None

    @property
    def total_minutes(self) -> int:
        return self.patient_minutes + self.practice_minutes + self.community_minutes


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    label: str
    area: str
    unit: str
    value: float | int | None
    target: str
    status: Status
    counts: bool
    note: str = ""

    @property
    def falls_short(self) -> bool:
        return self.status is Status.SHORT

    def as_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "area": self.area,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "status": self.status.value,
            "counts_toward_classification": self.counts,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    classification: Classification
    indicators: tuple[Indicator, ...]
    reasons: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.classification.label

    @property
    def shortfalls(self) -> tuple[Indicator, ...]:
        """Indicators that fall short: the ones that count first, then context."""
        short = [i for i in self.indicators if i.falls_short]
        return tuple(sorted(short, key=lambda i: not i.counts))

    @property
    def counted_shortfalls(self) -> tuple[Indicator, ...]:
        """The shortfalls that decide the classification."""
        return tuple(i for i in self.shortfalls if i.counts)

    @property
    def missing(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.counts and i.status is Status.NO_DATA)

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def as_json(self) -> dict[str, object]:
        return {
            "classification": self.classification.value,
            "reasons": list(self.reasons),
            "shortfalls": [i.code for i in self.shortfalls],
            "missing": [i.code for i in self.missing],
            "indicators": {i.code: i.as_json() for i in self.indicators},
        }


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


class _Builder:
    def __init__(self, rule: IntegrationRule) -> None:
        self.rule = rule
        self.items: list[Indicator] = []

    def add(
        self,
        code: str,
        value: float | int | None,
        target: str,
        ok: bool | None,
        note: str = "",
        *,
        status: Status | None = None,
    ) -> None:
        spec = indicator_spec(code)
        if status is None:
            status = Status.NO_DATA if ok is None else (Status.MET if ok else Status.SHORT)
        self.items.append(
            Indicator(
                code=code,
                label=spec.label,
                area=spec.area,
                unit=spec.unit,
                value=value,
                target=target,
                status=status,
                counts=self.rule.counts(code),
                note=note,
            )
        )


def _time_indicators(b: _Builder, facts: PracticePeriodFacts) -> None:
    rule = b.rule
    total = facts.total_minutes
    enough = total >= rule.min_minutes_for_shares
    b.add(
        "patient_minutes",
        facts.patient_minutes,
        f"at least {rule.min_patient_minutes} minute(s)",
        facts.patient_minutes >= rule.min_patient_minutes,
        "" if facts.patient_minutes else "No attended one-to-one encounters recorded.",
    )
    for level in ("practice", "community"):
        minutes = facts.practice_minutes if level == "practice" else facts.community_minutes
        threshold = (
            rule.min_practice_share_pct if level == "practice" else rule.min_community_share_pct
        )
        share = _pct(minutes, total) if enough else None
        b.add(
            f"{level}_share",
            share,
            f"at least {threshold:g}%",
            None if share is None else share >= threshold,
            f"{minutes} of {total} minutes"
            if enough
            else f"Less than {rule.min_minutes_for_shares} minutes recorded in all.",
        )
        count = (
            facts.practice_activities_90d if level == "practice" else facts.community_activities_90d
        )
        minimum = (
            rule.min_practice_activities_90d
            if level == "practice"
            else rule.min_community_activities_90d
        )
        b.add(f"{level}_activities_90d", count, f"at least {minimum}", count >= minimum)


def _engagement_indicators(b: _Builder, facts: PracticePeriodFacts) -> None:
    rule = b.rule
    groups = len(facts.event_staff_groups)
    b.add(
        "event_staff_groups",
        groups,
        f"at least {rule.min_event_staff_groups} of 4",
        groups >= rule.min_event_staff_groups,
        ", ".join(sorted(facts.event_staff_groups)),
    )
    referring = len(facts.referring_groups)
    b.add(
        "referring_staff_groups",
        referring,
        f"at least {rule.min_referring_staff_groups} of 4",
        referring >= rule.min_referring_staff_groups,
        ", ".join(sorted(facts.referring_groups)),
    )


def _nomad_indicators(b: _Builder, facts: PracticePeriodFacts) -> None:
    rule = b.rule
    nomad = facts.nomad
    fresh = nomad is not None and (facts.period_end - nomad.closed_on).days <= (
        rule.nomad_max_age_days
    )
    for construct in Construct:
        code = f"nomad_{construct.value}"
        target = f"at least {rule.min_construct_mean:g}"
        if nomad is None or not fresh:
            note = (
                "No reportable survey round."
                if nomad is None
                else f"Latest reportable round closed {nomad.closed_on}, too long ago."
            )
            b.add(code, None, target, None, note)
            continue
        mean = nomad.construct_means.get(construct.value)
        if mean is None:
            b.add(code, None, target, None, "Too few answers for this construct.")
            continue
        mean = round(mean, 2)
        note = f"Round closed {nomad.closed_on}"
        previous = nomad.previous_means.get(construct.value)
        if previous is not None:
            note += f"; previous round {previous:.2f} ({mean - previous:+.2f})"
        b.add(code, mean, target, mean >= rule.min_construct_mean, note)


def _continuity_indicators(b: _Builder, facts: PracticePeriodFacts) -> None:
    rule = b.rule
    weeks = round(facts.uncovered_days / 7, 1) if facts.continuity_recorded else None
    b.add(
        "uncovered_weeks",
        weeks,
        f"at most {rule.max_uncovered_weeks:g}",
        None if weeks is None else weeks <= rule.max_uncovered_weeks,
        "" if facts.continuity_recorded else "No link worker coverage recorded.",
    )
    target = f"at least {rule.min_handover_overlap_days} days"
    if not facts.handover_overlaps:
        b.add(
            "handover_overlap_days",
            None,
            target,
            True,
            "No handover in this period.",
            status=Status.NOT_APPLICABLE,
        )
    else:
        shortest = min(facts.handover_overlaps)
        b.add(
            "handover_overlap_days",
            shortest,
            target,
            shortest >= rule.min_handover_overlap_days,
            f"{len(facts.handover_overlaps)} handover(s)",
        )
    running = len(facts.concurrent_initiatives)
    b.add(
        "concurrent_initiatives",
        running,
        f"at most {rule.max_concurrent_initiatives}",
        running <= rule.max_concurrent_initiatives,
        ", ".join(facts.concurrent_initiatives),
    )


def assess(facts: PracticePeriodFacts, rule: IntegrationRule = DEFAULT_RULE) -> Assessment:
    """Classify one practice in one period by the rule in the module docstring."""
    builder = _Builder(rule)
    _time_indicators(builder, facts)
    _engagement_indicators(builder, facts)
    _nomad_indicators(builder, facts)
    _continuity_indicators(builder, facts)
    indicators = tuple(builder.items)

    thin: list[str] = []
    if not facts.continuity_recorded:
        thin.append("No link worker coverage, absence or vacancy is recorded for this period.")
    if facts.total_minutes < rule.min_total_minutes:
        thin.append(
            f"Less than {rule.min_total_minutes} minutes of link worker time is recorded "
            f"for this period ({facts.total_minutes})."
        )
    if thin:
        return Assessment(Classification.NOT_ASSESSABLE, indicators, tuple(thin))
    counted = [i for i in indicators if i.counts]
    if any(i.status is Status.SHORT for i in counted):
        return Assessment(Classification.PARTIALLY_INTEGRATED, indicators)
    missing = [i.label for i in counted if i.status is Status.NO_DATA]
    if missing:
        reason = "Everything recorded meets the rule, but there is no data for: "
        return Assessment(
            Classification.NOT_ASSESSABLE, indicators, (reason + "; ".join(missing) + ".",)
        )
    return Assessment(Classification.FULLY_INTEGRATED, indicators)


_RANK = {
    Classification.FULLY_INTEGRATED: 2,
    Classification.PARTIALLY_INTEGRATED: 1,
}


def trend(assessments: Sequence[Assessment]) -> Trend:
    """Where the practice is going over the periods shown (oldest first in `assessments`):
    the latest period against the earliest assessable one, so the word agrees with the
    classifications and shortfalls printed beside it. Within one classification, fewer
    counted shortfalls is an improvement. Unclear when the latest period cannot be assessed
    (it says nothing of where things stand now) or there is no earlier one to compare."""
    usable = [a for a in assessments if a.classification in _RANK]
    if len(usable) < 2 or assessments[-1] is not usable[-1]:
        return Trend.UNCLEAR
    before, after = usable[0], usable[-1]

    def key(a: Assessment) -> tuple[int, int]:
        return (_RANK[a.classification], -len(a.counted_shortfalls))

    if key(after) > key(before):
        return Trend.IMPROVING
    if key(after) < key(before):
        return Trend.WORSENING
    return Trend.STEADY
