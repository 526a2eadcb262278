"""Classify change between two scores against the minimal important change (MIC)."""

from __future__ import annotations

import math
from typing import Literal

from .definitions import InstrumentDefinition
from .errors import ScoringError
from .formatting import fmt, show

Change = Literal["improved", "no_meaningful_change", "worse"]

# Score differences such as 26.21 - 23.21 are not exact in binary floating point;
# rounding first stops a 3.00 change reading as 2.9999999 and missing a MIC of 3.
_DECIMALS = 6


def classify_change(
    definition: InstrumentDefinition,
    baseline: float,
    latest: float,
    *,
    mic: float | None = None,
) -> Change:
    """Compare two headline scores (SWEMWBS: metric scores) for one instrument.

    A change of at least the MIC in the better direction is "improved", at least
    the MIC in the worse direction is "worse". `mic` overrides the definition's
    value, e.g. for UCLA-3, which has no published MIC.
    """
    valid = definition.score_range
    if valid is None:
        raise ScoringError(f"{definition.id} has no total score, so change cannot be classified.")
    threshold = definition.mic if mic is None else mic
    if threshold is None:
        raise ScoringError(
            f"{definition.id} has no minimal important change; pass mic= to classify change."
        )
    if not threshold > 0:
        raise ScoringError(f"The minimal important change must be above 0; got {fmt(threshold)}.")
    for name, value in (("Baseline", baseline), ("Latest", latest)):
        _check_score(definition.id, name, value, valid)

    difference = round(latest - baseline, _DECIMALS)
    if not definition.higher_is_better:
        difference = -difference
    if difference >= threshold:
        return "improved"
    if difference <= -threshold:
        return "worse"
    return "no_meaningful_change"


def _check_score(instrument: str, name: str, value: object, valid: tuple[float, float]) -> None:
    low, high = valid
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise ScoringError(
            f"{name} score for {instrument} must be a number from {fmt(low)} to {fmt(high)}; "
            f"got {show(value)}."
        )
