"""Mean with a t-based confidence interval (private, shared by paired and dose-response)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = ["MeanInterval", "mean_t_interval", "sd_is_zero"]


@dataclass(frozen=True, slots=True)
class MeanInterval:
    mean: float
    sd: float
    low: float
    high: float


def sd_is_zero(values: NDArray[np.float64], sd: float) -> bool:
    """True when the spread is zero up to floating-point noise.

    Changes such as 0.1 - 0.0 repeated give a standard deviation of ~1e-17, not 0;
    dividing by that would report an absurd t statistic instead of "no variation".
    """
    scale = max(1.0, float(np.max(np.abs(values))))
    return sd <= 1e-12 * scale


def mean_t_interval(values: NDArray[np.float64], confidence: float) -> MeanInterval:
    """Mean +/- t(n-1) * sd / sqrt(n); caller guarantees at least 2 values."""
    n = int(values.size)
    mean = float(np.mean(values))
    sd = float(np.std(values, ddof=1))
    t_critical = float(stats.t.ppf(0.5 + confidence / 2.0, n - 1))
    half_width = t_critical * sd / math.sqrt(n)
    return MeanInterval(mean=mean, sd=sd, low=mean - half_width, high=mean + half_width)
