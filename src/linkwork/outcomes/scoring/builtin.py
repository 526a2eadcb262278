"""Built-in validated instruments (facts from /work/shared/instruments.md, sections 1-5).

Labels are our own few-word summaries; no question wording is stored here.
Every built-in except ONS4 (whose items stand alone) scores complete questionnaires only
by default: the published
missing-item rules (e.g. the WEMWBS user guide) are not public, so being
conservative is the safe choice. Factories accept `max_missing` to turn on
proration where a service decides to.
"""

from __future__ import annotations

from types import MappingProxyType

from .definitions import Band, InstrumentDefinition, Item, ResponseScale, RiskRule

VERSION = "1"

ONS_SCALE = ResponseScale(0, 10)
WEMWBS_SCALE = ResponseScale(1, 5)
UCLA_SCALE = ResponseScale(1, 3)
PHQ_SCALE = ResponseScale(0, 3)

# ONS reporting thresholds (FOI answer; 2012/13 bulletin agrees on the 7+ and 6+ cuts).
ONS_POSITIVE_BANDS = (
    Band("Low", 0, 4),
    Band("Medium", 5, 6),
    Band("High", 7, 8),
    Band("Very high", 9, 10),
)
# Anxiety keeps its raw value (higher = worse) and gets its own table instead of
# being reverse-scored, matching how ONS publishes it.
ONS_ANXIETY_BANDS = (
    Band("Very low", 0, 1),
    Band("Low", 2, 3),
    Band("Medium", 4, 5),
    Band("High", 6, 10),
)

# Official SWEMWBS raw-to-metric (Rasch) table, Stewart-Brown et al. 2009. One
# public copy has 25.99 for raw 29; every other copy, including one citing the
# Warwick PDF, has 26.02. Re-check against the Warwick PDF once registered.
SWEMWBS_CONVERSION: MappingProxyType[int, float] = MappingProxyType(
    {
        7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75,
        14: 15.32, 15: 15.84, 16: 16.36, 17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59,
        21: 19.25, 22: 19.98, 23: 20.73, 24: 21.54, 25: 22.35, 26: 23.21, 27: 24.11,
        28: 25.03, 29: 26.02, 30: 27.03, 31: 28.13, 32: 29.31, 33: 30.70, 34: 32.55,
        35: 35.00,
    }
)  # fmt: skip

_WEMWBS_ITEMS = (
    ("optimistic", "optimistic"),
    ("useful", "feeling useful"),
    ("relaxed", "relaxed"),
    ("interested_in_others", "interested in others"),
    ("energy", "energy"),
    ("dealing_with_problems", "dealing with problems"),
    ("thinking_clearly", "thinking clearly"),
    ("good_about_self", "good about self"),
    ("close_to_others", "close to others"),
    ("confident", "confident"),
    ("own_mind", "own mind"),
    ("loved", "loved"),
    ("interested_in_new_things", "interested in new things"),
    ("cheerful", "cheerful"),
)
_SWEMWBS_CODES = (
    "optimistic",
    "useful",
    "relaxed",
    "dealing_with_problems",
    "thinking_clearly",
    "close_to_others",
    "own_mind",
)

_WARWICK_LICENCE = (
    "Free to use after registering with the University of Warwick; owned by NHS Health "
    "Scotland and the Universities of Warwick and Edinburgh. Show the owners' copyright "
    "line on every copy; do not change wording, options or layout. Commercial terms unconfirmed."
)
_PHQ_LICENCE = "Stated free to reproduce (PHQ screeners); cite phqscreeners.com in product docs."


def ons4_definition() -> InstrumentDefinition:
    """ONS personal well-being: four 0-10 items, each banded and reported on its own.

    Because ONS analyses each item separately, an unanswered item is missing for that item
    only: the engine scores whichever items were answered (per_item scoring).
    """
    return InstrumentDefinition(
        id="ons4",
        version=VERSION,
        name="ONS personal well-being (ONS4)",
        kind="validated",
        items=(
            Item("life_satisfaction", "life satisfaction", ONS_SCALE),
            Item("worthwhile", "feeling worthwhile", ONS_SCALE),
            Item("happiness", "happy yesterday", ONS_SCALE),
            Item("anxiety", "anxious yesterday", ONS_SCALE),
        ),
        # ONS never combines the four into one score.
        scoring="per_item",
        item_bands={
            "life_satisfaction": ONS_POSITIVE_BANDS,
            "worthwhile": ONS_POSITIVE_BANDS,
            "happiness": ONS_POSITIVE_BANDS,
            "anxiety": ONS_ANXIETY_BANDS,
        },
        licence=(
            "Published by ONS as a harmonised standard; Open Government Licence v3.0 likely "
            "but not stated for the question set (confirm for commercial use)."
        ),
    )


def wemwbs_definition(*, mic: float = 3.0, max_missing: int = 0) -> InstrumentDefinition:
    """WEMWBS: 14 items scored 1-5, summed to 14-70, higher is better.

    The 3-point MIC is about one SEM (Maheswaran et al. 2012) and provisional.
    """
    return InstrumentDefinition(
        id="wemwbs",
        version=VERSION,
        name="Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS)",
        kind="validated",
        items=tuple(Item(code, label, WEMWBS_SCALE) for code, label in _WEMWBS_ITEMS),
        scoring="sum",
        total_range=(14, 70),
        max_missing=max_missing,
        prorate=max_missing > 0,
        mic=mic,
        higher_is_better=True,
        licence=_WARWICK_LICENCE,
    )


def swemwbs_definition(*, mic: float = 3.0) -> InstrumentDefinition:
    """SWEMWBS: 7 items scored 1-5; the raw 7-35 total is reported as the metric score.

    MIC default 3: Shah et al. 2018 put important individual change at 1 to 3
    points depending on the standard used (anchor-based MIC not yet established).
    No missing items: the conversion table is only defined for complete totals.
    """
    labels = dict(_WEMWBS_ITEMS)
    return InstrumentDefinition(
        id="swemwbs",
        version=VERSION,
        name="Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
        kind="validated",
        items=tuple(Item(code, labels[code], WEMWBS_SCALE) for code in _SWEMWBS_CODES),
        scoring="conversion",
        conversion=SWEMWBS_CONVERSION,
        total_range=(7, 35),
        mic=mic,
        higher_is_better=True,
        licence=_WARWICK_LICENCE,
    )


def ucla3_definition(
    *, local_bands: bool = False, mic: float | None = None, max_missing: int = 0
) -> InstrumentDefinition:
    """UCLA 3-item loneliness: items 1-3, summed to 3-9, higher is lonelier.

    ONS publishes no cut-off for this total, so there are no bands by default.
    `local_bands=True` adds the 3-5 / 6-9 grouping some researchers use; it is a
    local convention, not an official one. No published MIC either: pass `mic`
    here or to classify_change.
    """
    bands = (Band("not lonely", 3, 5), Band("lonely", 6, 9)) if local_bands else ()
    return InstrumentDefinition(
        id="ucla3",
        version=VERSION,
        name="UCLA 3-item loneliness scale",
        kind="validated",
        items=(
            Item("companionship", "lacking companionship", UCLA_SCALE),
            Item("left_out", "feeling left out", UCLA_SCALE),
            Item("isolated", "feeling isolated", UCLA_SCALE),
        ),
        scoring="sum",
        total_range=(3, 9),
        max_missing=max_missing,
        prorate=max_missing > 0,
        bands=bands,
        mic=mic,
        higher_is_better=False,
        licence="Published openly by ONS/GSS for survey use; explicit licence not confirmed.",
    )


def phq9_definition(*, mic: float = 5.0, max_missing: int = 0) -> InstrumentDefinition:
    """PHQ-9: 9 items scored 0-3, total 0-27, lower is better; item 9 > 0 flags "risk".

    MIC 5 is a common convention, not from the facts sheet: configurable.
    The optional 10th "how difficult" question is not part of the total and is not modelled.
    """
    labels = [f"item {number}" for number in range(1, 9)] + ["thoughts of self-harm"]
    return InstrumentDefinition(
        id="phq9",
        version=VERSION,
        name="Patient Health Questionnaire (PHQ-9)",
        kind="validated",
        items=tuple(
            Item(f"q{number}", label, PHQ_SCALE) for number, label in enumerate(labels, start=1)
        ),
        scoring="sum",
        total_range=(0, 27),
        max_missing=max_missing,
        prorate=max_missing > 0,
        bands=(
            Band("minimal", 0, 4),
            Band("mild", 5, 9),
            Band("moderate", 10, 14),
            Band("moderately severe", 15, 19),
            Band("severe", 20, 27),
        ),
        mic=mic,
        higher_is_better=False,
        licence=_PHQ_LICENCE,
        # Any answer above "not at all" on item 9 needs clinician review, whatever the total.
        risk_rules=(
            RiskRule(
                "q9",
                above=0,
                flag="risk",
                why=(
                    "it is how PHQ-9 picks up thoughts of being better off dead or of "
                    "self-harm, and any answer above 0 ('not at all') raises a risk alert "
                    "to act on today"
                ),
            ),
        ),
    )


def gad7_definition(*, mic: float = 4.0, max_missing: int = 0) -> InstrumentDefinition:
    """GAD-7: 7 items scored 0-3, total 0-21, lower is better.

    MIC 4 is a common convention, not from the facts sheet: configurable.
    """
    return InstrumentDefinition(
        id="gad7",
        version=VERSION,
        name="Generalised Anxiety Disorder scale (GAD-7)",
        kind="validated",
        items=tuple(Item(f"q{number}", f"item {number}", PHQ_SCALE) for number in range(1, 8)),
        scoring="sum",
        total_range=(0, 21),
        max_missing=max_missing,
        prorate=max_missing > 0,
        bands=(
            Band("minimal", 0, 4),
            Band("mild", 5, 9),
            Band("moderate", 10, 14),
            Band("severe", 15, 21),
        ),
        mic=mic,
        higher_is_better=False,
        licence=_PHQ_LICENCE,
    )


def validated_definitions() -> tuple[InstrumentDefinition, ...]:
    """The validated built-ins with their default settings."""
    return (
        ons4_definition(),
        wemwbs_definition(),
        swemwbs_definition(),
        ucla3_definition(),
        phq9_definition(),
        gad7_definition(),
    )
