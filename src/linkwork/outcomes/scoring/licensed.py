"""Licensed tools we may record but never administer or score ourselves.

Each definition holds only domain codes, our own labels and valid ranges
(instruments.md sections 6-7). Scores come from the licence holder's own
tooling; the engine checks ranges and passes them through as subscores.
"""

from __future__ import annotations

from collections.abc import Sequence

from .definitions import InstrumentDefinition, Item, ResponseScale

VERSION = "1"

# Star and ROW area counts are unverified, so areas are numbered slots (a
# generous upper bound, not a fact) filled in the order of the licensed export;
# all are optional so any version of the tool fits without naming its areas.
AREA_SLOTS = 10

_NOT_SHIPPABLE = "Proprietary: record scores only; administering or scoring needs a licence from "


def score_only_definition(
    instrument_id: str,
    name: str,
    domains: Sequence[tuple[str, str, ResponseScale]],
    *,
    optional: Sequence[str] = (),
    higher_is_better: bool = True,
    licence: str = "",
) -> InstrumentDefinition:
    """Build a licensed score-only definition from (code, label, scale) triples."""
    return InstrumentDefinition(
        id=instrument_id,
        version=VERSION,
        name=name,
        kind="licensed_score_only",
        items=tuple(
            Item(code, label, scale, domain=code, optional=code in optional)
            for code, label, scale in domains
        ),
        scoring="per_domain",
        higher_is_better=higher_is_better,
        licence=licence,
    )


def _area_slots(scale: ResponseScale) -> list[tuple[str, str, ResponseScale]]:
    return [(f"area_{n}", f"area {n}", scale) for n in range(1, AREA_SLOTS + 1)]


def wellbeing_star_definition() -> InstrumentDefinition:
    """Outcomes Star / Well-being Star: each area scored 1-10 (Journey of Change)."""
    slots = _area_slots(ResponseScale(1, 10))
    return score_only_definition(
        "wellbeing_star",
        "Well-being Star (Outcomes Star family)",
        slots,
        optional=[code for code, _, _ in slots],
        licence=_NOT_SHIPPABLE + "Triangle Consulting (Star licence plus mandatory training).",
    )


def pam_definition() -> InstrumentDefinition:
    """PAM: activation score 0-100 and activation level 1-4, both from licensed scoring."""
    return score_only_definition(
        "pam",
        "Patient Activation Measure (PAM)",
        [
            # The licensed scorer's precision is unknown, so fractional scores are allowed.
            ("score", "activation score", ResponseScale(0, 100, whole_numbers=False)),
            ("level", "activation level", ResponseScale(1, 4)),
        ],
        licence=_NOT_SHIPPABLE + "Insignia Health (NHS England national licence may apply).",
    )


def recovery_outcomes_web_definition() -> InstrumentDefinition:
    """Recovery Outcomes Web: scored per outcome indicator."""
    # ASSUMPTION: indicators scored 1-10. The range, indicator count and licence
    # are unverified (instruments.md section 6); confirm before relying on it.
    slots = _area_slots(ResponseScale(1, 10))
    return score_only_definition(
        "recovery_outcomes_web",
        "Recovery Outcomes Web (ROW)",
        slots,
        optional=[code for code, _, _ in slots],
        licence="Scottish Government tool; licence terms unverified. Record scores only.",
    )


def eq5d5l_definition() -> InstrumentDefinition:
    """EQ-5D-5L: five dimensions at levels 1-5 plus the EQ VAS 0-100."""
    level = ResponseScale(1, 5)
    return score_only_definition(
        "eq5d5l",
        "EQ-5D-5L",
        [
            ("mobility", "mobility", level),
            ("self_care", "self-care", level),
            ("usual_activities", "usual activities", level),
            ("pain_discomfort", "pain or discomfort", level),
            ("anxiety_depression", "anxiety or depression", level),
            # Both parts are required: using one part alone is not "EQ-5D".
            ("vas", "health today (VAS)", ResponseScale(0, 100)),
        ],
        licence=_NOT_SHIPPABLE + "the EuroQol Research Foundation.",
    )


def mycaw_definition() -> InstrumentDefinition:
    """MYCaW: one or two nominated concerns and a wellbeing rating, each 0-6."""
    rating = ResponseScale(0, 6)
    return score_only_definition(
        "mycaw",
        "Measure Yourself Concerns and Wellbeing (MYCaW)",
        [
            ("concern_1", "first concern", rating),
            ("concern_2", "second concern", rating),
            ("wellbeing", "general wellbeing", rating),
        ],
        optional=["concern_2"],
        # Higher = worse (0 best, 6 worst) is unverified; confirm from the user pack.
        higher_is_better=False,
        licence=_NOT_SHIPPABLE + "Meaningful Measures Ltd (likely, as for MYMOP).",
    )


def licensed_definitions() -> tuple[InstrumentDefinition, ...]:
    return (
        wellbeing_star_definition(),
        pam_definition(),
        recovery_outcomes_web_definition(),
        eq5d5l_definition(),
        mycaw_definition(),
    )
