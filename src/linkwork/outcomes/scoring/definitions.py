"""Immutable descriptions of instruments: items, scales, bands and scoring rules.

Definitions check themselves on construction (see `_checks.py`) so a typo in a
band table fails at import time rather than mis-banding someone's score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from ._checks import check_definition, check_scale
from .errors import DefinitionError

Kind = Literal["validated", "licensed_score_only", "bespoke"]
ScoringRule = Literal["sum", "mean", "conversion", "per_item", "per_domain"]

KINDS: tuple[Kind, ...] = ("validated", "licensed_score_only", "bespoke")
SCORING_RULES: tuple[ScoringRule, ...] = ("sum", "mean", "conversion", "per_item", "per_domain")


@dataclass(frozen=True)
class ResponseScale:
    """Inclusive range of allowed answers; optional labels, one per point."""

    min: int
    max: int
    labels: tuple[str, ...] = ()
    # Licensed tools hand us scores computed elsewhere (e.g. a PAM activation
    # score), which need not be whole numbers; questionnaire answers always are.
    whole_numbers: bool = True

    def __post_init__(self) -> None:
        check_scale(self)

    def contains(self, value: float) -> bool:
        return self.min <= value <= self.max


@dataclass(frozen=True)
class Item:
    """One scored question or domain, known only by our own short label."""

    code: str
    label: str
    scale: ResponseScale
    reversed: bool = False
    domain: str | None = None
    # Optional items (e.g. a second MYCaW concern) never count as missing.
    optional: bool = False

    def scored_value(self, value: float) -> float:
        return reverse_value(self.scale, value) if self.reversed else value


@dataclass(frozen=True)
class Band:
    """A named, inclusive score range such as 'mild' for PHQ-9 5-9."""

    label: str
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class RiskRule:
    """Raise `flag` when the raw answer to `item` exceeds `above`.

    `why` says, in our own words, what the item tells a link worker, so a form can explain
    why it must not be left unanswered.
    """

    item: str
    above: int
    flag: str = "risk"
    why: str = ""

    def triggered(self, value: float) -> bool:
        return value > self.above


@dataclass(frozen=True)
class InstrumentDefinition:
    """Everything the engine needs to validate, score, band and compare one instrument.

    `total_range` is derived from the items when left as None; when given it must
    agree with the items, which catches a mistyped item count.
    """

    id: str
    version: str
    name: str
    kind: Kind
    items: tuple[Item, ...]
    scoring: ScoringRule
    conversion: Mapping[int, float] | None = field(default=None, hash=False)
    total_range: tuple[float, float] | None = None
    max_missing: int = 0
    prorate: bool = False
    bands: tuple[Band, ...] = ()
    item_bands: Mapping[str, tuple[Band, ...]] = field(default_factory=dict, hash=False)
    mic: float | None = None
    higher_is_better: bool = True
    licence: str = ""
    risk_rules: tuple[RiskRule, ...] = ()

    def __post_init__(self) -> None:
        # Freeze the mappings too, so a shared built-in cannot be edited in place.
        if self.conversion is not None:
            object.__setattr__(self, "conversion", MappingProxyType(dict(self.conversion)))
        object.__setattr__(self, "item_bands", MappingProxyType(dict(self.item_bands)))
        derived = _derived_total_range(self)
        if self.total_range is None:
            object.__setattr__(self, "total_range", derived)
        elif derived is None or tuple(self.total_range) != derived:
            raise DefinitionError(
                f"declared {tuple(self.total_range)} but the items give {derived}",
                field="total_range",
            )
        check_definition(self)

    @property
    def item_codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    @property
    def score_range(self) -> tuple[float, float] | None:
        """Range of the headline figure: the metric for conversions, else the total."""
        if self.scoring == "conversion" and self.conversion:
            return (min(self.conversion.values()), max(self.conversion.values()))
        return self.total_range


def reverse_value(scale: ResponseScale, value: float) -> float:
    """Mirror a value within its scale; applying it twice gives the value back."""
    return scale.min + scale.max - value


def _derived_total_range(definition: InstrumentDefinition) -> tuple[float, float] | None:
    if not definition.items or definition.scoring in ("per_item", "per_domain"):
        return None
    lows = [item.scale.min for item in definition.items]
    highs = [item.scale.max for item in definition.items]
    if definition.scoring == "mean":
        return (min(lows), max(highs))
    return (sum(lows), sum(highs))
