"""The integration assessment's reads: gather each practice's facts for each period with a
fixed number of queries, then classify them with the pure rule in `rules`.

Also the period the assessment defaults to, the effective rule for a practice, and the rows
the common dataset export takes (`practice_indicator_rows`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from linkwork.core import clock
from linkwork.implementation.facts import load_facts_data, practice_facts
from linkwork.implementation.models import (
    Absence,
    Activity,
    ConcurrentInitiative,
    Coverage,
    NomadRound,
    PracticeEvent,
    PracticeLeadership,
    RuleOverride,
)
from linkwork.implementation.periods import (
    Period,
    latest_complete_quarter,
    parse_period,
    trailing_periods,
)
from linkwork.implementation.rules import (
    Assessment,
    IntegrationRule,
    PracticePeriodFacts,
    assess,
    rule_from,
)
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Organisation, Scheme


def reference_date() -> date:
    """The day the default period is counted back from: the clock's today (see core.clock).
    The rule itself never reads the clock."""
    return clock.today()


def default_period() -> Period:
    """The latest complete calendar quarter before `reference_date()`."""
    return latest_complete_quarter(reference_date())


def settings_rule() -> IntegrationRule:
    """Defaults with the LINKWORK_INTEGRATION_RULE setting's overrides (a dict) applied."""
    return rule_from(getattr(settings, "LINKWORK_INTEGRATION_RULE", {}))


def rules_for(practice_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, IntegrationRule]:
    """The effective rule per practice: defaults, then the setting, then the overrides of the
    schemes serving the practice in scheme-name order (a later name wins a conflict)."""
    base = settings_rule()
    ids = list(practice_ids)
    through = Scheme.practices.through
    serving: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for practice_id, scheme_id in through.objects.filter(organisation_id__in=ids).values_list(
        "organisation_id", "scheme_id"
    ):
        serving[practice_id].append(scheme_id)
    overrides = {
        o.scheme_id: o.overrides
        for o in RuleOverride.objects.filter(
            scheme_id__in={s for schemes in serving.values() for s in schemes}
        ).order_by("scheme__name")
    }
    result: dict[uuid.UUID, IntegrationRule] = {}
    for practice_id in ids:
        rule = base
        for scheme_id, values in overrides.items():
            if scheme_id in serving[practice_id]:
                rule = rule_from(values, base=rule)
        result[practice_id] = rule
    return result


def scheme_rule(scheme: Scheme) -> IntegrationRule:
    """The rule as this scheme sets it: defaults, the setting, then its own override."""
    override = RuleOverride.objects.filter(scheme=scheme).values_list("overrides", flat=True)
    values = override.first()
    return rule_from(values, base=settings_rule()) if values else settings_rule()


@dataclass(frozen=True, slots=True)
class PracticeAssessment:
    practice_id: uuid.UUID
    practice_name: str
    practice_code: str
    period: Period
    assessment: Assessment
    facts: PracticePeriodFacts

    def value(self, code: str) -> float | int | None:
        return self.assessment.indicator(code).value

    @property
    def practice_share(self) -> float | int | None:
        return self.value("practice_share")

    @property
    def community_share(self) -> float | int | None:
        return self.value("community_share")

    @property
    def uncovered_weeks(self) -> float | int | None:
        return self.value("uncovered_weeks")

    def as_json(self) -> dict[str, object]:
        return {
            "practice": str(self.practice_id),
            "practice_name": self.practice_name,
            "period": self.period.label,
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            **self.assessment.as_json(),
        }


def assess_practices(
    *, practices: Sequence[Organisation], periods: Sequence[Period]
) -> list[PracticeAssessment]:
    """Every practice in every period, practices in the order given, periods oldest first."""
    if not practices or not periods:
        return []
    ids = [p.pk for p in practices]
    ordered = sorted(periods)
    data = load_facts_data(ids, ordered, clock.today())
    rules = rules_for(ids)
    results = []
    for practice in practices:
        for period in ordered:
            facts = practice_facts(data, practice.pk, period)
            results.append(
                PracticeAssessment(
                    practice_id=practice.pk,
                    practice_name=practice.name,
                    practice_code=practice.code,
                    period=period,
                    assessment=assess(facts, rules[practice.pk]),
                    facts=facts,
                )
            )
    return results


def monitored_practice_ids() -> set[uuid.UUID]:
    """Practices with any implementation record: the ones taking part in monitoring."""
    ids: set[uuid.UUID] = set()
    for model in (
        Activity,
        PracticeEvent,
        Coverage,
        Absence,
        ConcurrentInitiative,
        NomadRound,
        PracticeLeadership,
    ):
        ids |= set(model.objects.values_list("practice_id", flat=True).distinct())
    return ids


def monitored_practices(practice_ids: Iterable[uuid.UUID] | None = None) -> list[Organisation]:
    ids = monitored_practice_ids() if practice_ids is None else set(practice_ids)
    return list(
        Organisation.objects.filter(pk__in=ids, kind=OrgKind.GP_PRACTICE.value).order_by(
            "name", "pk"
        )
    )


def _join(names: Iterable[str]) -> str:
    return "; ".join(sorted(names))


def practice_indicator_rows(
    *,
    practice_ids: Iterable[uuid.UUID] | None = None,
    period: Period | str | None = None,
) -> list[dict[str, object]]:
    """One flat row per practice for one period, for the common dataset export.

    practice_ids: the practices (default: every practice with implementation records).
    period: a Period, or text ``YYYY-QN`` / ``YYYY-MM-DD..YYYY-MM-DD`` (default: the latest
    complete quarter before the reference date). Raises periods.PeriodError on bad text.

    Columns (None where there is no value):

    - practice_id (UUID text), practice_name, practice_code (ODS or equivalent)
    - period (label), period_start, period_end (ISO dates, both included)
    - classification: fully_integrated | partially_integrated | not_integrated |
      not_assessable (see `rules`)
    - nomad_evidence: strengthened | questioned | indicators_only | not_applicable: what the
      NoMAD survey says about the classification (it never decides it)
    - patient_minutes, practice_minutes, community_minutes: link worker minutes in the period
      (patient = attended one-to-one encounters; practice/community = logged activity)
    - practice_share_pct, community_share_pct: % of those minutes (1 decimal; None when
      less than the rule's minimum total time is recorded)
    - practice_activities_90d, community_activities_90d: activities logged in the 90 days
      ending on period_end (count)
    - event_staff_groups: staff groups (of 4: GPs, nurses, reception and admin, managers)
      attending practice events in those 90 days (count); event_staff_group_names
    - referring_staff_groups: practice staff groups (of 4: GPs, practice nurses,
      receptionists, other practice staff) that referred in the period (count);
      referring_staff_group_names. Aggregates of referral sources only, never people.
    - nomad_round_closed_on (ISO date), nomad_responses (count; reportable rounds only),
      nomad_coherence, nomad_cognitive_participation, nomad_collective_action,
      nomad_reflexive_monitoring: construct means on 1 (strongly disagree) to 5 (strongly
      agree), the negatively worded item reversed, not-relevant answers excluded; only
      from a closed round with enough responses to stay anonymous
    - practice_lead_score: 0 (no named lead), 1 (a named lead), 2 (a named lead who takes
      part in practice meetings where the programme is discussed), from the latest
      leadership record on or before period_end; None when none is recent enough.
      The lead's name is never exported
    - uncovered_weeks: weeks (1 decimal) in the period without link worker cover
    - handovers (count, incoming link worker starting in the period),
      handover_min_overlap_days (days both worked the practice; shortest of them)
    - concurrent_initiatives: other initiatives running in the period (count)
    - shortfalls: indicator codes that fall short, "; "-separated (counted ones first)
    - missing: counted indicator codes without data, "; "-separated
    """
    if period is None:
        chosen = default_period()
    elif isinstance(period, str):
        chosen = parse_period(period)
    else:
        chosen = period
    rows: list[dict[str, object]] = []
    for result in assess_practices(practices=monitored_practices(practice_ids), periods=[chosen]):
        rows.append(_row(result))
    return rows


def _row(result: PracticeAssessment) -> dict[str, object]:
    facts, a = result.facts, result.assessment
    value = {i.code: i.value for i in a.indicators}
    nomad = facts.nomad if value.get("nomad_coherence") is not None else None
    return {
        "practice_id": str(result.practice_id),
        "practice_name": result.practice_name,
        "practice_code": result.practice_code,
        "period": result.period.label,
        "period_start": result.period.start.isoformat(),
        "period_end": result.period.end.isoformat(),
        "classification": a.classification.value,
        "nomad_evidence": a.evidence.value,
        "patient_minutes": facts.patient_minutes,
        "practice_minutes": facts.practice_minutes,
        "community_minutes": facts.community_minutes,
        "practice_share_pct": value["practice_share"],
        "community_share_pct": value["community_share"],
        "practice_activities_90d": facts.practice_activities_90d,
        "community_activities_90d": facts.community_activities_90d,
        "event_staff_groups": len(facts.event_staff_groups),
        "event_staff_group_names": _join(facts.event_staff_groups),
        "referring_staff_groups": len(facts.referring_groups),
        "referring_staff_group_names": _join(facts.referring_groups),
        "nomad_round_closed_on": nomad.closed_on.isoformat() if nomad else None,
        "nomad_responses": nomad.responses if nomad else None,
        "nomad_coherence": value["nomad_coherence"],
        "nomad_cognitive_participation": value["nomad_cognitive_participation"],
        "nomad_collective_action": value["nomad_collective_action"],
        "nomad_reflexive_monitoring": value["nomad_reflexive_monitoring"],
        "practice_lead_score": value["practice_lead"],
        "uncovered_weeks": value["uncovered_weeks"],
        "handovers": len(facts.handover_overlaps),
        "handover_min_overlap_days": value["handover_overlap_days"],
        "concurrent_initiatives": len(facts.concurrent_initiatives),
        "shortfalls": "; ".join(i.code for i in a.shortfalls),
        "missing": "; ".join(i.code for i in a.missing),
    }


def trailing_assessments(
    *, practices: Sequence[Organisation], period: Period, count: int = 4
) -> dict[uuid.UUID, list[PracticeAssessment]]:
    """Each practice's assessments for `count` periods ending with `period`, oldest first."""
    grouped: dict[uuid.UUID, list[PracticeAssessment]] = defaultdict(list)
    for result in assess_practices(practices=practices, periods=trailing_periods(period, count)):
        grouped[result.practice_id].append(result)
    return dict(grouped)
