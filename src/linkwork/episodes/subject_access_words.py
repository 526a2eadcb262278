"""How the episode's stored codes read in a person's subject access report: needs, risk
flags, screening answers and what was shared in words, and each event as the timeline
tells it (with any note or goal written into it)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Model

from linkwork.core.choices import Choices
from linkwork.core.needs import Need
from linkwork.episodes.lifecycle import RiskFlag
from linkwork.episodes.models import Connection, Referral, ReferralEvent
from linkwork.episodes.timeline import label, timeline_entries
from linkwork.episodes.vocab import SharedDetail
from linkwork.organisations.policy_rules import Exclusion

_CODES: dict[tuple[type[Model], str], type[Choices]] = {
    (Referral, "reasons"): Need,
    (Referral, "risk_flags"): RiskFlag,
    (Referral, "screening"): Exclusion,
    (Connection, "need"): Need,
    (Connection, "shared_fields"): SharedDetail,
}
# Words written into an event's data by a person, shown after what the event was.
_WRITTEN = {"goal": "Goal", "note": "Note", "text": "Text", "reason_text": "Reason given"}


def _codes(vocabulary: type[Choices], value: object) -> str:
    codes = value if isinstance(value, list) else [value] if value else []
    return "\n".join(label(vocabulary, code) for code in codes) or "None"


def _event(event: ReferralEvent) -> str:
    entry = timeline_entries([event])[0]
    lines = [f"{entry.title}: {entry.detail}" if entry.detail else entry.title]
    data: Mapping[str, object] = event.data or {}
    lines += [f"{name}: {data[key]}" for key, name in _WRITTEN.items() if data.get(key)]
    if entry.snomed_note:
        lines.append(entry.snomed_note)
    return "\n".join(lines)


def episode_words(row: Model, field_name: str, value: object) -> str | None:
    vocabulary = _CODES.get((type(row), field_name))
    if vocabulary is not None:
        return _codes(vocabulary, value)
    if isinstance(row, ReferralEvent) and field_name == "data":
        return _event(row)
    return None
