"""Outcome-recording codes. Pure data, shared by models, the schedule rules and the pages."""

from __future__ import annotations

from enum import StrEnum


class Timepoint(StrEnum):
    BASELINE = "baseline"
    REVIEW = "review"
    DISCHARGE = "discharge"
    FOLLOW_UP = "follow_up"


TIMEPOINT_LABELS: dict[str, str] = {
    Timepoint.BASELINE: "Baseline",
    Timepoint.REVIEW: "Review",
    Timepoint.DISCHARGE: "Discharge",
    Timepoint.FOLLOW_UP: "Follow-up",
}
# Timepoints taken once per episode and instrument; reviews may repeat.
ONCE_PER_EPISODE = frozenset({Timepoint.BASELINE, Timepoint.DISCHARGE, Timepoint.FOLLOW_UP})


class Mode(StrEnum):
    SELF_COMPLETED = "self_completed"
    WITH_LINK_WORKER = "with_link_worker"
    TELEPHONE = "telephone"


MODE_LABELS: dict[str, str] = {
    Mode.SELF_COMPLETED: "Self-completed",
    Mode.WITH_LINK_WORKER: "With the link worker",
    Mode.TELEPHONE: "By telephone",
}


class Kind(StrEnum):
    """How far a score can be trusted and compared: kept apart in every report."""

    VALIDATED = "validated"
    LICENSED = "licensed"
    BESPOKE = "bespoke"


KIND_LABELS: dict[str, str] = {
    Kind.VALIDATED: "Validated measures",
    Kind.LICENSED: "Licensed tools (scores only)",
    Kind.BESPOKE: "Local (bespoke) tools",
}
# The scoring engine's name for each kind.
ENGINE_KINDS: dict[str, Kind] = {
    "validated": Kind.VALIDATED,
    "licensed_score_only": Kind.LICENSED,
    "bespoke": Kind.BESPOKE,
}


class RuleKind(StrEnum):
    """When a scheduled questionnaire falls due."""

    SESSION = "session"  # at attended session N
    SESSION_OR_DISCHARGE = "session_or_discharge"  # at session N, or discharge if sooner
    DISCHARGE = "discharge"  # at discharge
    AFTER_DISCHARGE = "after_discharge"  # a number of days after discharge


RULE_KIND_LABELS: dict[str, str] = {
    RuleKind.SESSION: "At session N",
    RuleKind.SESSION_OR_DISCHARGE: "At session N, or at discharge if that comes first",
    RuleKind.DISCHARGE: "At discharge",
    RuleKind.AFTER_DISCHARGE: "A number of days after discharge",
}

CHANGE_LABELS: dict[str, str] = {
    "improved": "Improved",
    "no_meaningful_change": "No meaningful change",
    "worse": "Worse",
}
# Flags from the scoring engine that need a person to act on them.
ALERT_FLAGS = frozenset({"risk"})


def alert_description(instrument_id: str, flag: str) -> str:
    """What a risk alert means, in words a link worker can act on."""
    if instrument_id == "phq9" and flag == "risk":
        return (
            "PHQ-9: the answer about thoughts of self-harm was above 'not at all'. "
            "Contact the person and follow your scheme's risk procedure today."
        )
    return f"{instrument_id}: an answer was flagged '{flag}'. Review it with the person."
