"""Reads of casework. Identifiable reads go through `casework.permissions`; the aggregates
here return counts and minutes only, never people."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.http import Http404

from linkwork.core.extensions import episode_outcome_changes
from linkwork.core.needs import Need
from linkwork.episodes.lifecycle import (
    SNOMED_DECLINED,
    SNOMED_REFERRED,
    SNOMED_TERMS,
    DischargeReason,
)
from linkwork.episodes.models import (
    Assignment,
    Connection,
    Encounter,
    FinancialGain,
    Goal,
    Referral,
)
from linkwork.episodes.vocab import ConnectionStatus, GoalStatus
from linkwork.organisations.selectors import scheme_policy_or_none


@dataclass(frozen=True)
class EpisodeView:
    encounters: list[Encounter]
    goals: list[Goal]
    connections: list[Connection]
    gains: list[FinancialGain]
    assignments: list[Assignment]
    sessions: int
    cap: int | None

    @property
    def next_session_text(self) -> str:
        number = self.sessions + 1
        return (
            f"Session {number} of {self.cap}"
            if self.cap
            else f"Session {number} (this scheme sets no limit)"
        )

    @property
    def past_cap(self) -> bool:
        return self.cap is not None and self.sessions >= self.cap

    @property
    def total_gain_pence(self) -> int:
        return sum(g.amount_pence for g in self.gains)


def episode_view(*, referral: Referral) -> EpisodeView:
    encounters = list(referral.encounters.select_related("recorded_by").order_by("occurred_on"))
    policy = scheme_policy_or_none(referral.scheme)
    return EpisodeView(
        encounters=encounters,
        goals=list(referral.goals.all()),
        connections=list(referral.connections.all()),
        gains=list(referral.financial_gains.all()),
        assignments=list(referral.assignments.select_related("link_worker")),
        sessions=sum(1 for e in encounters if e.attended),
        cap=policy.session_cap if policy else None,
    )


@dataclass(frozen=True)
class SummaryFacts:
    """The end-of-episode message back to the referrer and the GP record, shaped after the
    PRSB social prescribing standard's headings."""

    referral: Referral
    what_matters: str
    reasons: list[str]
    sessions: int
    goals: list[tuple[str, str]]
    connections: list[tuple[str, str, str]]
    gains_pence: int
    outcome_changes: list[dict[str, object]]
    discharge_reason: str
    snomed_codes: list[tuple[str, str]]

    def as_content(self) -> dict[str, object]:
        """The summary in words, as stored in a written version (`models.EpisodeSummary`):
        every label and date spelled out, so later changes to the record, its vocabularies
        or the outcome instruments leave what was said as it was."""
        r = self.referral
        return {
            "person": {
                "name": r.person.full_name,
                "date_of_birth": _day(r.person.date_of_birth),
                "nhs_number": r.person.nhs_number or "",
                "chi_number": r.person.chi_number or "",
            },
            "scheme": r.scheme.name,
            "practice": r.practice.name if r.practice else "",
            "received_on": _day(r.received_on),
            "reasons": self.reasons,
            "reason_text": r.reason_text,
            "what_matters": self.what_matters,
            "sessions": self.sessions,
            "goals": [{"description": d, "status": s} for d, s in self.goals],
            "connections": [{"name": n, "kind": k, "status": s} for n, k, s in self.connections],
            "gains_pence": self.gains_pence,
            "outcomes": outcome_groups(self.outcome_changes),
            "status": r.get_status_display(),
            "discharge_reason": self.discharge_reason,
            "closed_on": _day(r.closed_on) if r.closed_on else "",
            "snomed_codes": [{"code": c, "label": t} for c, t in self.snomed_codes],
        }


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def outcome_groups(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    """The outcome lines under their instrument's name, in the order they came."""
    groups: dict[str, list[dict[str, str]]] = {}
    for line in lines:
        name = str(line.get("instrument_name") or line.get("instrument") or "")
        groups.setdefault(name, []).append(
            {"label": str(line.get("measure_label", "")), "text": str(line.get("text", ""))}
        )
    return [{"name": name, "lines": rows} for name, rows in groups.items()]


def episode_summary(*, referral: Referral) -> SummaryFacts:
    view = episode_view(referral=referral)
    changes = [row for provider in episode_outcome_changes.providers for row in provider(referral)]
    codes = []
    if referral.first_contact_on:
        codes.append((SNOMED_REFERRED, SNOMED_TERMS[SNOMED_REFERRED]))
    if referral.status == "declined":
        codes.append((SNOMED_DECLINED, SNOMED_TERMS[SNOMED_DECLINED]))
    return SummaryFacts(
        referral=referral,
        what_matters=referral.what_matters,
        reasons=[dict(Need.choices).get(r, r) for r in referral.reasons],
        sessions=view.sessions,
        goals=[(g.description, GoalStatus(g.status).label) for g in view.goals],
        connections=[
            (c.service_name, c.get_kind_display(), ConnectionStatus(c.status).label)
            for c in view.connections
        ],
        gains_pence=view.total_gain_pence,
        outcome_changes=changes,
        discharge_reason=dict(DischargeReason.choices).get(referral.discharge_reason, ""),
        snomed_codes=codes,
    )


def goal_of_episode(*, referral: Referral, goal_id: uuid.UUID) -> Goal:
    """A goal of this episode's plan; 404 for any other (even one the user could see)."""
    goal = Goal.objects.filter(pk=goal_id, referral=referral).first()
    if goal is None:
        raise Http404("No such goal in this plan.")
    return goal


def connection_of_episode(*, referral: Referral, connection_id: uuid.UUID) -> Connection:
    """A connection of this episode; 404 for any other."""
    connection = Connection.objects.filter(pk=connection_id, referral=referral).first()
    if connection is None:
        raise Http404("No such connection in this episode.")
    return connection
