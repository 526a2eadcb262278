"""The integration rule: is the programme integrated in a practice, partly, or not at all?
Pure, no Django.

**A configurable heuristic informed by the Glasgow Deep End Links Worker Programme
evaluation** (a two-year qualitative process evaluation in seven Glasgow practices, read
through Normalisation Process Theory). The study is qualitative: it says what distinguished
the three *fully integrated* practices from the four *partially integrated* ones, not where
any line falls. Every threshold below (the 10% time shares, 6 activities in 90 days, a NoMAD
mean of 3.5, 4 uncovered weeks, 5 overlap days, 3 of 4 staff groups...) is the product's own
choice, configurable per deployment (the ``LINKWORK_INTEGRATION_RULE`` setting) and per scheme.
docs/integration-rule.md says the same for people who do not read code.

What the study found, and the indicator that stands for it:

- Link workers in every practice, partially integrated ones included, worked one-to-one with
  patients after referral: **patient_minutes**. A practice with no patient-level work is
  *not integrated*; it cannot be partially integrated.
- Only fully integrated practices kept up practice development and community networking:
  **practice_share**, **practice_activities_90d**, **community_share**,
  **community_activities_90d**.
- Staff in fully integrated practices engaged with the programme in formal settings (meetings,
  shared learning) as well as informally (NPT cognitive participation):
  **event_staff_groups**; who refers is shown as context (**referring_staff_groups**).
- Leadership was "a key factor": in fully integrated practices it was shared by the lead GP,
  the link worker and the practice manager; in partially integrated ones less shared and
  connected: **practice_lead** (a named practice lead for the programme who takes part in the
  practice meetings where it is discussed).
- Continuity of link worker support, or transitions managed well: **uncovered_weeks**,
  **handover_overlap_days**.
- Other ongoing initiatives distracted one practice: **concurrent_initiatives** (context).
- Coherence, cognitive participation and collective action (NPT) differed between the groups;
  reflexive monitoring was weak in all: the **nomad_<construct>** survey means. They are
  *supporting evidence*: they strengthen or question a classification, never decide or block it.

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
practice_lead                  leadership score (0-2) >=                 2: a named lead who
                                                                         takes part in
                                                                         practice meetings
nomad_<construct>              NoMAD construct mean (1-5) >=             3.5 (evidence)
uncovered_weeks                weeks without link worker cover <=        4
handover_overlap_days          shortest handover overlap (days) >=       5
concurrent_initiatives         initiatives running alongside <=          1 (context)
=============================  ========================================  ===================

Time shares are of the link worker time recorded for the practice in the period: one-to-one
(encounters) + practice level + community level; with less than ``min_minutes_for_shares``
(600, ten hours) recorded in all they have no data, because a share of a few hours says
little. The 90-day windows end on the period's last day. The leadership score is 1 for a
named lead and 1 more when they take part in practice meetings, from the latest leadership
record made on or before the period's end and at most ``leadership_max_age_days`` (365)
before it (older: no data). The NoMAD scores come from the latest reportable round (closed,
with enough responses) that closed on or before the period's end and at most
``nomad_max_age_days`` (365) before it.

*Context* indicators (by default: referring_staff_groups, nomad_reflexive_monitoring, which
the study found weak in every practice, and concurrent_initiatives) are shown, and flagged
when they fall short, but change nothing. ``context_indicators`` sets which; a NoMAD construct
named there is left out of the supporting evidence too.

Classification, first match wins:

1. **not_assessable** when the data are too thin: no link worker coverage, absence or vacancy
   is recorded for any day of the period, or less than ``min_total_minutes`` (60, one hour)
   of link worker time (one-to-one, practice and community together) is recorded for it;
2. **not_integrated** when patient-level work falls short (no attended one-to-one work);
3. **partially_integrated** when any other counted indicator falls short or has no data
   (fully integrated needs evidence of every one; a missing record is named in the reasons);
4. **fully_integrated** otherwise.

NoMAD evidence then sets ``Assessment.evidence`` (never the classification): *strengthened*
when the survey agrees (every supporting construct with a mean meets the threshold for a
fully integrated practice; at least one falls short for a partially or not integrated one),
*questioned* when it points the other way, and *indicators only* when no recent round has a
mean for any supporting construct. A practice without a NoMAD round is therefore assessable.
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
    "Evidence",
    "Indicator",
    "IndicatorSpec",
    "IntegrationRule",
    "LeadershipFacts",
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
    NOT_INTEGRATED = "not_integrated", "Not integrated"
    NOT_ASSESSABLE = "not_assessable", "Not yet assessable"


class Evidence(Choices):
    """What the NoMAD survey says about a classification reached from the other indicators."""

    STRENGTHENED = "strengthened", "Strengthened by the NoMAD survey"
    QUESTIONED = "questioned", "Questioned by the NoMAD survey"
    INDICATORS_ONLY = "indicators_only", "From the indicators alone (no recent NoMAD survey)"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


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
class LeadershipFacts:
    """The practice's latest leadership record on or before the period's end."""

    recorded_on: date
    has_lead: bool  # a named practice lead for the programme
    lead_role: str  # the lead's role, as shown (e.g. "GP"); empty without a lead
    in_meetings: bool  # the lead takes part in practice meetings where it is discussed

    @property
    def score(self) -> int:
        return int(self.has_lead) + int(self.has_lead and self.in_meetings)


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
    leadership: LeadershipFacts | None = None

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
    evidence: bool = False  # NoMAD: weighed for `Assessment.evidence`, not the classification

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
            "supporting_evidence": self.evidence,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    classification: Classification
    indicators: tuple[Indicator, ...]
    reasons: tuple[str, ...] = ()
    evidence: Evidence = Evidence.NOT_APPLICABLE

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

    @property
    def summary(self) -> str:
        """One line for a table cell: why it cannot be assessed, or what falls short and what
        has no data."""
        if self.classification is Classification.NOT_ASSESSABLE:
            return self.reasons[0] if self.reasons else ""
        parts = [i.label for i in self.counted_shortfalls]
        if self.missing:
            parts.append("no data: " + ", ".join(i.label for i in self.missing))
        return "; ".join(parts) or "Nothing"

    def as_json(self) -> dict[str, object]:
        return {
            "classification": self.classification.value,
            "nomad_evidence": self.evidence.value,
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
                evidence=self.rule.supports(code),
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


_LEAD_TARGETS = {
    0: "nothing required",
    1: "a named lead",
    2: "a named lead who takes part in practice meetings",
}


def _leadership_indicator(b: _Builder, facts: PracticePeriodFacts) -> None:
    rule = b.rule
    target = _LEAD_TARGETS[rule.min_leadership_score]
    lead = facts.leadership
    if lead is None:
        b.add("practice_lead", None, target, None, "No leadership recorded.")
        return
    age = (facts.period_end - lead.recorded_on).days
    if age > rule.leadership_max_age_days:
        note = f"Last recorded {lead.recorded_on}, too long ago."
        b.add("practice_lead", None, target, None, note)
        return
    if not lead.has_lead:
        note = f"No named lead (recorded {lead.recorded_on})."
    else:
        meetings = "takes part in" if lead.in_meetings else "does not take part in"
        note = f"{lead.lead_role} lead, {meetings} practice meetings (recorded {lead.recorded_on})."
    b.add("practice_lead", lead.score, target, lead.score >= rule.min_leadership_score, note)


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
    _leadership_indicator(builder, facts)
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
    classification, reasons = _classify(indicators)
    return Assessment(classification, indicators, reasons, _evidence(classification, indicators))


def _classify(indicators: tuple[Indicator, ...]) -> tuple[Classification, tuple[str, ...]]:
    patient = next(i for i in indicators if i.code == "patient_minutes")
    if patient.status is Status.SHORT:
        return Classification.NOT_INTEGRATED, (
            "No one-to-one work with patients is recorded for this period: in the Deep End "
            "study every partially integrated practice had it.",
        )
    counted = [i for i in indicators if i.counts]
    short = [i for i in counted if i.status is Status.SHORT]
    missing = [i.label for i in counted if i.status is Status.NO_DATA]
    if not short and not missing:
        return Classification.FULLY_INTEGRATED, ()
    reasons: tuple[str, ...] = ()
    if missing:
        lead = (
            "Fully integrated also needs data for: "
            if short
            else ("Everything recorded meets the rule, but fully integrated also needs data for: ")
        )
        reasons = (lead + "; ".join(missing) + ".",)
    return Classification.PARTIALLY_INTEGRATED, reasons


def _evidence(classification: Classification, indicators: tuple[Indicator, ...]) -> Evidence:
    """Does the NoMAD survey agree with the classification the other indicators reached?"""
    scored = [i for i in indicators if i.evidence and i.status is not Status.NO_DATA]
    if not scored:
        return Evidence.INDICATORS_ONLY
    all_met = all(i.status is Status.MET for i in scored)
    agrees = all_met if classification is Classification.FULLY_INTEGRATED else not all_met
    return Evidence.STRENGTHENED if agrees else Evidence.QUESTIONED


_RANK = {
    Classification.FULLY_INTEGRATED: 2,
    Classification.PARTIALLY_INTEGRATED: 1,
    Classification.NOT_INTEGRATED: 0,
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
