"""Outcome-recording codes. Pure data, shared by models, the schedule rules and the pages."""

from __future__ import annotations

from linkwork.core.choices import Choices


class Timepoint(Choices):
    BASELINE = "baseline", "Baseline"
    REVIEW = "review", "Review"
    DISCHARGE = "discharge", "Discharge"
    FOLLOW_UP = "follow_up", "Follow-up"


# Timepoints taken once per episode and instrument; reviews may repeat.
ONCE_PER_EPISODE = frozenset({Timepoint.BASELINE, Timepoint.DISCHARGE, Timepoint.FOLLOW_UP})


class Mode(Choices):
    SELF_COMPLETED = "self_completed", "Self-completed"
    WITH_LINK_WORKER = "with_link_worker", "With the link worker"
    TELEPHONE = "telephone", "By telephone"


class Kind(Choices):
    """How far a score can be trusted and compared: kept apart in every report."""

    VALIDATED = "validated", "Validated measures"
    LICENSED = "licensed", "Licensed tools (scores only)"
    BESPOKE = "bespoke", "Local (bespoke) tools"


# The scoring engine's name for each kind.
ENGINE_KINDS: dict[str, Kind] = {
    "validated": Kind.VALIDATED,
    "licensed_score_only": Kind.LICENSED,
    "bespoke": Kind.BESPOKE,
}


class RuleKind(Choices):
    """When a scheduled questionnaire falls due."""

    SESSION = "session", "At session N"
    SESSION_OR_DISCHARGE = (
        "session_or_discharge",
        "At session N, or at discharge if that comes first",
    )
    DISCHARGE = "discharge", "At discharge"
    AFTER_DISCHARGE = "after_discharge", "A number of days after discharge"


class Change(Choices):
    """How a score moved between two timepoints, as the scoring engine classifies it."""

    IMPROVED = "improved", "Improved"
    NO_MEANINGFUL_CHANGE = "no_meaningful_change", "No meaningful change"
    WORSE = "worse", "Worse"


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
