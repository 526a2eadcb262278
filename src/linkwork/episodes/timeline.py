"""The episode's events as the timeline shows them: what happened, in words.

Events store codes (`events.py` fixes each kind's data); people read labels. A SNOMED CT code
sent to the GP record is kept apart from the words, for the professionals who need it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core.choices import Choices
from linkwork.core.extensions import ImportedFrom
from linkwork.episodes.lifecycle import SNOMED_TERMS, DeclineReason, DischargeReason, Status
from linkwork.episodes.models import Referral, ReferralEvent
from linkwork.episodes.vocab import ConnectionStatus, ContactKind, FinancialGainType, GoalStatus
from linkwork.organisations.policy_rules import ReferralSource

Kind = ReferralEvent.Kind


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    title: str
    detail: str = ""
    snomed: str = ""  # the SNOMED CT code sent to the GP record, if any
    actor: User | None = None
    # False for a day the source system gave without a time (an imported referral's dates).
    timed: bool = True

    @property
    def snomed_note(self) -> str:
        """The code, labelled, with its term unless the title already says it."""
        if not self.snomed:
            return ""
        term = SNOMED_TERMS.get(self.snomed, "")
        note = f"SNOMED CT code {self.snomed}"
        return note if not term or term == self.title else f"{note}: {term}"


def label(vocabulary: type[Choices], code: object) -> str:
    """The code's label; a code the vocabulary no longer holds is shown as stored."""
    text = str(code or "")
    return vocabulary(text).label if text in vocabulary else text


def _received(source: object) -> str:
    if not source:
        return "Referral received"
    if source == ReferralSource.SELF:
        return "Self-referral received"
    return f"Referral received from {label(ReferralSource, source)}"


def _status(data: Mapping[str, object]) -> tuple[str, str]:
    title = f"Status changed: {label(Status, data.get('from'))} → {label(Status, data.get('to'))}"
    reasons = DeclineReason if data.get("to") == Status.DECLINED else DischargeReason
    detail = label(reasons, data.get("reason")) if data.get("reason") else ""
    if data.get("automatic"):
        detail = f"{detail} (by the scheme's rules)" if detail else "By the scheme's rules"
    return title, detail


def _connection(data: Mapping[str, object]) -> tuple[str, str]:
    status = label(ConnectionStatus, data.get("status"))
    return f"Connection: {data.get('service') or 'a service'}: {status}", ""


def _encounter(data: Mapping[str, object]) -> tuple[str, str]:
    if data.get("removed"):
        return "Session removed", str(data.get("why") or "")
    if not data.get("attended", True):
        return "Session recorded", "did not attend"
    number = data.get("session")
    return "Session recorded", f"session {number}" if number else ""


def _goal(data: Mapping[str, object]) -> tuple[str, str]:
    if data.get("what_matters"):
        return "What matters to the person updated", ""
    if data.get("status"):
        return "Support plan goal updated", label(GoalStatus, data["status"])
    return "Support plan goal added", ""


def _gain(data: Mapping[str, object]) -> tuple[str, str]:
    pence = data.get("amount_pence")
    amount = f"£{pence / 100:,.2f}" if isinstance(pence, int) else ""
    if amount and data.get("annual"):
        amount += " a year"
    return "Financial gain recorded", ", ".join(
        part for part in (label(FinancialGainType, data.get("kind")), amount) if part
    )


def _note(data: Mapping[str, object]) -> tuple[str, str]:
    # What happened is the title; the code sent to the GP record (with its term) is the
    # secondary line beneath it, for the professionals who need it.
    if data.get("first_contact"):
        return "First contact with the link worker", ""
    if data.get("title"):
        # Apps above this one (the person's voice) write their notes' words themselves.
        return str(data["title"]), str(data.get("detail", ""))
    if data.get("contact_note"):
        # What kind of contact only: the note itself is kept to those who may read notes.
        return "Contact outside a session", label(ContactKind, data.get("contact"))
    term = SNOMED_TERMS.get(str(data.get("snomed", "")), "")
    return term or "Note", ""


# What happened to a safeguarding concern (the safeguarding app writes these SAFETY events).
_CONCERN_EVENTS = {
    "opened": "Safeguarding concern recorded",
    "updated": "Safeguarding concern updated",
    "closed": "Safeguarding concern closed",
}


def _safety(data: Mapping[str, object]) -> tuple[str, str]:
    if data.get("concern"):
        return _CONCERN_EVENTS.get(str(data.get("concern_event")), "Safeguarding concern"), ""
    if data.get("prompt_dismissed"):
        return "Prompt to record a safeguarding concern dismissed", ""
    return Kind.SAFETY.label, ""


def _assigned(data: Mapping[str, object]) -> tuple[str, str]:
    return "Link worker assigned", str(data.get("link_worker", ""))


_DESCRIBE = {
    Kind.STATUS: _status,
    Kind.CONNECTION: _connection,
    Kind.ENCOUNTER: _encounter,
    Kind.GOAL: _goal,
    Kind.FINANCIAL_GAIN: _gain,
    Kind.NOTE: _note,
    Kind.ASSIGNED: _assigned,
    Kind.SAFETY: _safety,
}


def _words(event: ReferralEvent) -> tuple[str, str]:
    data = event.data or {}
    if event.kind == Kind.CREATED:
        return _received(data.get("source")), ""
    if event.kind == Kind.AT_RISK:
        return ("Flagged at risk" if data.get("at_risk") else "At-risk flag removed"), ""
    if event.kind == Kind.ALERT and data.get("acknowledged"):
        return "Risk alert acknowledged", ""
    describe = _DESCRIBE.get(Kind(event.kind))
    return describe(data) if describe else (event.get_kind_display(), "")


def _day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _imported(
    event: ReferralEvent, referral: Referral | None, source: ImportedFrom | None
) -> list[TimelineEntry]:
    """An imported episode's events say what the source system recorded, on its days (the
    writer dates both events by the episode's last change), and that it was imported, when
    and by whom: the person importing neither received nor closed the referral."""
    data = event.data or {}
    if event.kind == Kind.STATUS:
        to = data.get("to")
        reason = ""
        if referral is not None and to == Status.DECLINED:
            reason = label(DeclineReason, referral.decline_reason)
        elif referral is not None and to == Status.DISCHARGED:
            reason = label(DischargeReason, referral.discharge_reason)
        return [TimelineEntry(event.at, label(Status, to), reason, timed=False)]
    received = _day(referral.received_on) if referral is not None else event.at
    from_where = f"imported from {source.source}" if source else "imported"
    entries = [TimelineEntry(received, _received(data.get("source")), from_where, timed=False)]
    if source is not None and source.imported_at is not None:
        entries.append(
            TimelineEntry(source.imported_at, f"Imported from {source.source}", actor=event.actor)
        )
    return entries


def timeline_entries(
    events: Iterable[ReferralEvent],
    *,
    referral: Referral | None = None,
    imports: Mapping[str, ImportedFrom] | None = None,
) -> list[TimelineEntry]:
    """The events in words, in time order. `referral` (the events' episode) and `imports`
    (the `imported_from` hook's answer) let an imported episode say what its source recorded
    and where it came from."""
    entries = []
    for event in events:
        data = event.data or {}
        run = data.get("import_run")
        if run and event.kind in (Kind.CREATED, Kind.STATUS):
            entries += _imported(event, referral, (imports or {}).get(str(run)))
            continue
        title, detail = _words(event)
        snomed = str(data.get("snomed", ""))
        entries.append(TimelineEntry(event.at, title, detail, snomed, event.actor))
    return sorted(entries, key=lambda entry: entry.at)
