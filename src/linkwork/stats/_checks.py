"""Argument checks shared by the statistics modules (private)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = ["Numbers", "as_finite_array", "check_confidence", "two_sided_critical_value"]

# Scores as a list, or as the array a polars column gives without copying into Python floats.
Numbers = Sequence[float] | NDArray[np.float64]


def check_confidence(confidence: float) -> None:
    """Refuse confidence levels outside (0, 1); 95 (per cent) is a common slip."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}.")


def as_finite_array(values: Numbers, *, name: str) -> NDArray[np.float64]:
    """Return ``values`` as a 1-D float array, refusing missing or infinite entries.

    Missing values are refused rather than dropped: which people to leave out
    (and how to report them) is the caller's decision, not a silent side effect.
    """
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a flat sequence of numbers.")
    if not np.all(np.isfinite(array)):
        raise ValueError(
            f"{name} contains missing or infinite values; drop those people first "
            "and report how many were dropped."
        )
    return array


def two_sided_critical_value(confidence: float) -> float:
    """Standard normal quantile z with P(-z < Z < z) = confidence."""
    return float(stats.norm.ppf(0.5 + confidence / 2.0))
