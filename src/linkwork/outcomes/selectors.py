"""Reads of outcome data: questionnaires due, a person's panel, episode change, and tidy
score rows for export and evaluation. Identifiable lists audit who saw whom."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import Encounter, Referral
from linkwork.organisations.models import Scheme
from linkwork.outcomes.changes import episode_change
from linkwork.outcomes.episodes import session_dates_many, taken_many
from linkwork.outcomes.instruments import scheme_schedule
from linkwork.outcomes.models import (
    Administration,
    BespokeInstrument,
    InstrumentWording,
    RiskAlert,
)
from linkwork.outcomes.panel import OutcomePanel, person_outcome_panel
from linkwork.outcomes.schedule import Due, EpisodeFacts, Lookback, Rule, lookback, outstanding
from linkwork.outcomes.scoring import builtin_definitions
from linkwork.outcomes.summary_lines import episode_summary_lines
from linkwork.outcomes.vocab import Timepoint
from linkwork.people.models import Person
from linkwork.people.permissions import unrestricted_or_managed

__all__ = [
    "SCORE_ROW_COLUMNS",
    "DueItem",
    "DueLists",
    "OutcomePanel",
    "due_for_referral",
    "due_for_referrals",
    "due_lists_for",
    "due_questionnaires_for",
    "open_alerts_for",
    "outcome_changes_for_episode",
    "outcome_score_rows",
    "outcome_summary_lines_for_episode",
    "person_outcome_panel",
]

# Discharged episodes stay in the due lists this long, for follow-ups and their window.
FOLLOW_UP_HORIZON_DAYS = 540
_LISTED = [Status.ACCEPTED.value, Status.WAITING.value, Status.ACTIVE.value]


@dataclass(frozen=True, slots=True)
class DueItem:
    referral_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    scheme_id: uuid.UUID
    scheme_name: str
    instrument_id: str
    instrument_name: str
    timepoint: str
    due_on: date
    overdue: bool
    days_since_due: int
    # Set when the episode has been discharged: only the questionnaires written up after
    # discharge (the discharge form, the follow-up) are then still due.
    discharged_on: date | None = None

    @property
    def timepoint_label(self) -> str:
        return Timepoint(self.timepoint).label

    @property
    def record_url(self) -> str:
        query = urlencode({"instrument": self.instrument_id, "timepoint": self.timepoint})
        return f"{reverse('outcomes:record', args=[self.referral_id])}?{query}"


def _instrument_names(ids: Iterable[str]) -> dict[str, str]:
    names = {key: d.name for key, d in builtin_definitions().items()}
    missing = set(ids) - set(names)
    for row in BespokeInstrument.objects.filter(instrument_id__in=missing).order_by("created_at"):
        names[row.instrument_id] = row.name
    return names


@dataclass(frozen=True, slots=True)
class _Episode:
    """What the due list needs of an episode: read as plain values, so a manager's caseload
    of thousands builds no model instance per episode."""

    pk: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    scheme_id: uuid.UUID
    received_on: date
    status: str
    closed_on: date | None


def _caseload(user: User, today: date, window: Lookback) -> QuerySet[Referral]:
    """Link workers: their own episodes; scheme managers: every episode of their schemes.
    Only episodes where something can be due today (`may_be_due`, here in SQL): a manager's
    caseload is thousands of episodes, most with nothing to list."""
    scope = scope_for(user)
    mine = Q(link_worker=user, scheme_id__in=scope.link_worker_schemes) | Q(
        scheme_id__in=scope.managed_schemes
    )
    recent = today - timedelta(days=FOLLOW_UP_HORIZON_DAYS)
    listed = Q(status__in=_LISTED) | Q(status=Status.DISCHARGED.value, closed_on__gte=recent)
    startable = Q(pk__in=[])
    if window.session_days >= 0:
        # The scheme narrows the sessions to its own recent ones by index (`scheme`,
        # `occurred_on`), rather than every session recorded anywhere since that day.
        recent_session = Encounter.objects.filter(
            referral_id=OuterRef("pk"),
            scheme_id__in=scope.link_worker_schemes | scope.managed_schemes,
            attended=True,
            occurred_on__gte=today - timedelta(days=window.session_days),
        )
        startable |= Q(Exists(recent_session))
    if window.discharge_days >= 0:
        startable |= Q(
            status=Status.DISCHARGED.value,
            closed_on__gte=today - timedelta(days=window.discharge_days),
        )
    return (
        Referral.objects.filter(mine & listed)
        .filter(startable)
        .filter(unrestricted_or_managed(user=user))
    )


def _caseload_episodes(caseload: QuerySet[Referral]) -> list[_Episode]:
    rows = caseload.values_list(
        "pk",
        "person_id",
        "person__given_name",
        "person__family_name",
        "scheme_id",
        "received_on",
        "status",
        "closed_on",
    ).order_by("pk")
    return [
        _Episode(pk, person_id, f"{given} {family}", scheme_id, received, status, closed)
        for pk, person_id, given, family, scheme_id, received, status, closed in rows
    ]


def _episodes_of(referrals: list[Referral]) -> list[_Episode]:
    return [
        _Episode(
            r.pk,
            r.person_id,
            r.person.full_name,
            r.scheme_id,
            r.received_on,
            r.status,
            r.closed_on,
        )
        for r in referrals
    ]


@dataclass(frozen=True, slots=True)
class _Schedules:
    schemes: dict[uuid.UUID, Scheme]
    rules: dict[uuid.UUID, list[Rule]]

    @classmethod
    def of(cls, scheme_ids: Iterable[uuid.UUID]) -> _Schedules:
        schemes = Scheme.objects.in_bulk(set(scheme_ids))
        return cls(schemes, {pk: scheme_schedule(scheme) for pk, scheme in schemes.items()})


def _due_items(
    episodes: list[_Episode], today: date, schedules: _Schedules | None = None
) -> list[DueItem]:
    ids = [e.pk for e in episodes]
    sessions = session_dates_many(ids)
    taken = taken_many(ids)
    if schedules is None:
        schedules = _Schedules.of(e.scheme_id for e in episodes)
    schemes = schedules.schemes
    found: list[tuple[_Episode, Due]] = []
    for episode in episodes:
        facts = EpisodeFacts(
            received_on=episode.received_on,
            status=episode.status,
            closed_on=episode.closed_on,
            session_dates=sessions.get(episode.pk, {}),
        )
        rules = schedules.rules[episode.scheme_id]
        for due in outstanding(rules, facts, taken.get(episode.pk, []), today):
            found.append((episode, due))
    names = _instrument_names(due.rule.instrument_id for _, due in found)
    items = [
        DueItem(
            referral_id=episode.pk,
            person_id=episode.person_id,
            person_name=episode.person_name,
            scheme_id=episode.scheme_id,
            scheme_name=schemes[episode.scheme_id].name,
            instrument_id=due.rule.instrument_id,
            instrument_name=names.get(due.rule.instrument_id, due.rule.instrument_id),
            timepoint=due.rule.timepoint.value,
            due_on=due.due_on,
            overdue=due.state(today) == "overdue",
            days_since_due=(today - due.due_on).days,
            discharged_on=episode.closed_on if episode.status == Status.DISCHARGED else None,
        )
        for episode, due in found
    ]
    items.sort(key=lambda i: (i.due_on, i.person_name, i.instrument_id, i.timepoint))
    return items


def due_questionnaires_for(*, user: User, today: date, audit: bool = True) -> list[DueItem]:
    """Questionnaires due or overdue today by each scheme's schedule, oldest first.

    For link workers, their caseload; for scheme managers, their schemes. Each person
    listed is recorded in the audit trail (pass audit=False only where the caller audits).
    """
    scope = scope_for(user)
    schedules = _Schedules.of(scope.link_worker_schemes | scope.managed_schemes)
    window = lookback(rule for rules in schedules.rules.values() for rule in rules)
    if window is None:
        return []
    items = _due_items(_caseload_episodes(_caseload(user, today, window)), today, schedules)
    if audit:
        audit_due_list(actor=user, items=items)
    return items


def audit_due_list(*, actor: User, items: list[DueItem]) -> None:
    """Record the people a due list showed, once each."""
    if items:
        seen = dict.fromkeys((i.person_id, i.scheme_id) for i in items)
        audit_record_list(
            actor=actor, object_type="outcome_due", rows=list(seen), detail={"list": "due"}
        )


@dataclass(frozen=True, slots=True)
class DueLists:
    """The due list split in two, so an episode that has ended is never shown as though the
    person were still being supported: `open` for open episodes, `after_discharge` for the
    follow-ups (and late discharge forms) of discharged ones."""

    open: list[DueItem]
    after_discharge: list[DueItem]


def due_lists_for(*, user: User, today: date, audit: bool = True) -> DueLists:
    items = due_questionnaires_for(user=user, today=today, audit=audit)
    return DueLists(
        open=[i for i in items if i.discharged_on is None],
        after_discharge=[i for i in items if i.discharged_on is not None],
    )


def due_for_referral(*, referral: Referral, today: date) -> list[DueItem]:
    """What is due in one episode (the caller has authorised and audited the episode)."""
    return _due_items(_episodes_of([referral]), today)


def due_for_referrals(*, referrals: list[Referral], today: date) -> list[DueItem]:
    """What is due in each of some episodes (with person and scheme joined), in a fixed number
    of queries. Nothing is audited here: the caller has authorised the episodes and audits
    what it shows, or shows no one (a rule raising reminders)."""
    return _due_items(_episodes_of(referrals), today)


def open_alerts_for(*, user: User, audit: bool = True) -> list[RiskAlert]:
    """Unacknowledged risk alerts for the user's caseload (link workers) or schemes (managers)."""
    scope = scope_for(user)
    alerts = list(
        RiskAlert.objects.filter(acknowledged_at__isnull=True)
        .filter(unrestricted_or_managed(user=user))
        .filter(
            Q(referral__link_worker=user, scheme_id__in=scope.link_worker_schemes)
            | Q(scheme_id__in=scope.managed_schemes)
        )
        .select_related("person", "administration", "referral")
        .order_by("raised_at")
    )
    if audit and alerts:
        seen = dict.fromkeys((a.person_id, a.scheme_id) for a in alerts)
        audit_record_list(
            actor=user, object_type="outcome_risk_alert", rows=list(seen), detail={"list": "alerts"}
        )
    return alerts


def _by_instrument(referral: Referral) -> dict[str, list[Administration]]:
    """The episode's current questionnaires, per instrument, oldest first."""
    by_instrument: dict[str, list[Administration]] = defaultdict(list)
    for administration in Administration.objects.filter(
        referral=referral, superseded_by__isnull=True
    ).order_by("administered_on", "created_at"):
        by_instrument[administration.instrument_id].append(administration)
    return by_instrument


def outcome_changes_for_episode(*, referral: Referral) -> list[dict[str, object]]:
    """Baseline to latest for each instrument of the episode.

    Keys: instrument, instrument_name, kind, measure, measure_label, baseline, baseline_on,
    latest, latest_on, latest_timepoint, change, classification ("improved",
    "no_meaningful_change", "worse" or None where there is no MIC), classification_label,
    mic, higher_is_better. ONS4 and licensed tools give one row per item or domain.
    """
    by_instrument = _by_instrument(referral)
    rows: list[dict[str, object]] = []
    for instrument_id in sorted(by_instrument):
        rows += [row.as_dict() for row in episode_change(by_instrument[instrument_id])]
    return rows


def outcome_summary_lines_for_episode(*, referral: Referral) -> list[dict[str, object]]:
    """The end-of-episode summary's outcome lines: every instrument of the episode, by name,
    baseline to latest with the change classified, or what there is without a pair.

    Keys: instrument, instrument_name, measure, measure_label, text, classification.
    """
    by_instrument = _by_instrument(referral)
    lines: list[dict[str, object]] = []
    for instrument_id in sorted(by_instrument):
        lines += [line.as_dict() for line in episode_summary_lines(by_instrument[instrument_id])]
    return lines


SCORE_ROW_COLUMNS: dict[str, str] = {
    "administration_id": "Id of the questionnaire record (UUID).",
    "person_id": "Id of the person (UUID); pseudonymise before sharing.",
    "referral_id": "Id of the episode (UUID).",
    "scheme_id": "Id of the scheme (UUID).",
    "instrument_id": "Instrument id, lower case (ons4, wemwbs, swemwbs, ucla3, phq9, gad7, "
    "a licensed tool's id, or a bespoke tool's id).",
    "definition_version": "Version of the instrument definition that produced the scores.",
    "kind": "validated, licensed or bespoke: never pool bespoke with validated scores.",
    "timepoint": "baseline, review, discharge or follow_up.",
    "administered_on": "Date completed, ISO 8601.",
    "mode": "self_completed, with_link_worker or telephone.",
    "primary_measure": "metric (SWEMWBS), total, or empty where items/domains are reported "
    "separately (ONS4, licensed tools, per-domain bespoke tools).",
    "primary_score": "The score change is judged on; empty with primary_measure.",
    "total": "The instrument's total, if it has one (SWEMWBS: the raw 7-35 total).",
    "metric": "SWEMWBS metric (Rasch-converted) score; empty for other instruments.",
    "parts_json": "Items (ONS4) or subscores (licensed and per-domain tools) as JSON text "
    "with sorted keys; {} when the instrument reports a total.",
    "bands_json": 'Bands as JSON text, e.g. {"total": "mild"}.',
    "flags": "Space-separated flags, e.g. risk.",
    "prorated": "True when the score was estimated from fewer than all items.",
}


def outcome_score_rows(*, scheme_ids: Iterable[uuid.UUID] | None = None) -> list[dict[str, object]]:
    """One tidy row per current questionnaire (corrections replace what they correct), with
    the columns of SCORE_ROW_COLUMNS, ordered by scheme, person and date."""
    qs = Administration.objects.filter(superseded_by__isnull=True)
    if scheme_ids is not None:
        qs = qs.filter(scheme_id__in=list(scheme_ids))
    rows: list[dict[str, object]] = []
    for a in qs.order_by("scheme_id", "person_id", "administered_on", "created_at").iterator():
        scores = a.scores
        parts = scores.get("items") or scores.get("subscores") or {}
        rows.append(
            {
                "administration_id": a.pk,
                "person_id": a.person_id,
                "referral_id": a.referral_id,
                "scheme_id": a.scheme_id,
                "instrument_id": a.instrument_id,
                "definition_version": a.definition_version,
                "kind": a.kind,
                "timepoint": a.timepoint,
                "administered_on": a.administered_on.isoformat(),
                "mode": a.mode,
                "primary_measure": scores.get("primary_measure") or "",
                "primary_score": a.primary_score,
                "total": scores.get("total"),
                "metric": scores.get("metric"),
                "parts_json": json.dumps(parts, sort_keys=True),
                "bands_json": json.dumps(scores.get("bands") or {}, sort_keys=True),
                "flags": " ".join(scores.get("flags") or ()),
                "prorated": bool(scores.get("prorated")),
            }
        )
    return rows


def instrument_wording(instrument_id: str) -> InstrumentWording | None:
    """The licensed wording a scheme loaded for this instrument, if any (none is shipped)."""
    return InstrumentWording.objects.filter(instrument_id=instrument_id).first()


def person_administrations(*, person: Person) -> list[Administration]:
    """The person's current questionnaires (corrections replace what they correct), oldest
    first."""
    return list(
        Administration.objects.filter(person=person, superseded_by__isnull=True).order_by(
            "administered_on", "created_at"
        )
    )
