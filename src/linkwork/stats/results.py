"""Frozen result records returned by the statistics functions.

Plain dataclasses of Python numbers, so callers can serialise them (for
example with :func:`dataclasses.asdict`) without knowing about numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "GroupChange",
    "GroupEffect",
    "MixedModelResult",
    "PairedChange",
    "ProportionCI",
    "Quantiles",
    "RateCI",
]


@dataclass(frozen=True, slots=True)
class ProportionCI:
    """A proportion with its confidence interval."""

    successes: int
    n: int
    proportion: float
    low: float
    high: float
    confidence: float
    method: str = "wilson"


@dataclass(frozen=True, slots=True)
class PairedChange:
    """Summary of paired before/after scores; change is follow-up minus baseline."""

    n: int
    mean_baseline: float
    mean_follow_up: float
    mean_change: float
    sd_baseline: float
    sd_follow_up: float
    sd_change: float
    ci_low: float
    ci_high: float
    confidence: float
    cohens_dz: float
    cohens_dav: float
    t_statistic: float
    df: int
    p_value: float


@dataclass(frozen=True, slots=True)
class Quantiles:
    """Median and 90th percentile of a set of values."""

    n: int
    median: float
    p90: float
    method: str = "linear"


@dataclass(frozen=True, slots=True)
class RateCI:
    """An event rate per 1,000 people with an exact Poisson confidence interval."""

    count: int
    population: float
    rate_per_thousand: float
    low: float
    high: float
    confidence: float
    method: str = "exact Poisson (Garwood)"


@dataclass(frozen=True, slots=True)
class GroupChange:
    """Mean change for one group; figures are None where too few people to compute them."""

    label: str
    n: int
    mean_change: float | None
    sd_change: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float


@dataclass(frozen=True, slots=True)
class GroupEffect:
    """Adjusted difference in mean change between one group and the reference group."""

    level: str
    n_people: int
    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float
    # Degrees of freedom of the t interval and test (between-within).
    df: float | None = None


@dataclass(frozen=True, slots=True)
class MixedModelResult:
    """Delivery-model comparison from a linear mixed model (see ``mixed.py``)."""

    outcome: str
    reference: str
    n_reference: int
    effects: tuple[GroupEffect, ...]
    n_people: int
    n_left_out: int
    n_practices: int
    n_schemes: int
    converged: bool
    scheme_variance: float
    practice_variance: float
    residual_variance: float
    confidence: float
    caveats: tuple[str, ...]
