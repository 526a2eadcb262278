"""The fidelity facts behind TIDieR items 11 and 12, gathered for one scheme.

The registry's TIDieR builder is pure and sits below the apps that hold these facts, so this
module (the evaluation app sits above them all) reads them and answers the registry's
`scheme_fidelity` hook:

- planned: the questionnaire schedule (the scheme's own rules, or the default for its tools)
  and the practices to integrate; the session cap comes from the scheme's policy;
- actual: episodes with at least one attended session, and how many stayed within the cap;
  baseline questionnaires in those episodes; follow-up questionnaires in episodes discharged
  long enough ago for the follow-up to be due; and the practices served by integration class
  in the latest complete quarter, read through the integration assessment's selectors.
"""

from __future__ import annotations

import statistics
import uuid
from collections import Counter
from datetime import timedelta

from django.db.models import Count

from linkwork.core import clock
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import Encounter, Referral
from linkwork.implementation.assessment import assess_practices, default_period
from linkwork.implementation.rules import Classification
from linkwork.implementation.selectors import scheme_practices
from linkwork.organisations.models import Scheme, SchemePolicy
from linkwork.organisations.tidier import Completion, Fidelity, ScheduledQuestionnaire
from linkwork.outcomes.instruments import scheme_instruments, scheme_schedule
from linkwork.outcomes.models import Administration
from linkwork.outcomes.schedule import Rule
from linkwork.outcomes.vocab import RuleKind, Timepoint


def rule_words(rule: Rule) -> str:
    """When a scheduled questionnaire falls due, in words."""
    if rule.kind is RuleKind.SESSION:
        return f"at session {rule.session_number}"
    if rule.kind is RuleKind.SESSION_OR_DISCHARGE:
        return f"at session {rule.session_number} (or at discharge if that comes first)"
    if rule.kind is RuleKind.DISCHARGE:
        return "at discharge"
    return f"{rule.days} days after discharge"


def _schedule(scheme: Scheme) -> tuple[list[ScheduledQuestionnaire], int | None]:
    rules = scheme_schedule(scheme)
    names = {choice.id: choice.name for choice in scheme_instruments(scheme)}
    order = list(Timepoint)
    rules.sort(
        key=lambda r: (names.get(r.instrument_id, r.instrument_id), order.index(r.timepoint))
    )
    planned = [
        ScheduledQuestionnaire(
            instrument=names.get(rule.instrument_id, rule.instrument_id),
            timepoint=rule.timepoint.label,
            when=rule_words(rule),
        )
        for rule in rules
    ]
    follow_up_days = [
        rule.days
        for rule in rules
        if rule.timepoint is Timepoint.FOLLOW_UP and rule.kind is RuleKind.AFTER_DISCHARGE
    ]
    return planned, min((d for d in follow_up_days if d), default=None)


def _completed(scheme: Scheme, timepoint: Timepoint, referral_ids: set[uuid.UUID]) -> int:
    if not referral_ids:
        return 0
    return (
        Administration.objects.filter(
            scheme=scheme,
            timepoint=timepoint.value,
            referral_id__in=referral_ids,
            superseded_by__isnull=True,
        )
        .values("referral_id")
        .distinct()
        .count()
    )


def scheme_fidelity(scheme: Scheme) -> Fidelity:
    policy = SchemePolicy.objects.filter(scheme=scheme).first()
    cap = policy.session_cap if policy else None
    sessions = dict(
        Encounter.objects.filter(scheme=scheme, attended=True)
        .values("referral_id")
        .annotate(n=Count("pk"))
        .values_list("referral_id", "n")
    )
    started = set(sessions)
    within = sum(1 for n in sessions.values() if cap is None or n <= cap)

    planned, follow_up_days = _schedule(scheme)
    follow_up = None
    if follow_up_days is not None:
        due_by = clock.today() - timedelta(days=follow_up_days)
        due = set(
            Referral.objects.filter(
                scheme=scheme, status=Status.DISCHARGED.value, closed_on__lte=due_by
            ).values_list("pk", flat=True)
        )
        follow_up = Completion(done=_completed(scheme, Timepoint.FOLLOW_UP, due), due=len(due))

    practices = scheme_practices(scheme=scheme)
    period = default_period()
    classes = Counter(
        result.assessment.classification
        for result in assess_practices(practices=practices, periods=[period])
    )
    return Fidelity(
        questionnaires=tuple(planned),
        practices_served=len(practices),
        episodes_with_sessions=len(started),
        episodes_within_cap=within,
        median_sessions=statistics.median(sessions.values()) if sessions else None,
        baseline=Completion(done=_completed(scheme, Timepoint.BASELINE, started), due=len(started)),
        follow_up=follow_up,
        follow_up_days=follow_up_days,
        integration_period=period.label,
        practices_by_class=tuple((c.label, classes[c]) for c in Classification),
    )
