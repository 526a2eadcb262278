"""Descriptive figures: median and 90th percentile, rates per 1,000."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

from linkwork.stats._checks import as_finite_array, check_confidence
from linkwork.stats.errors import InsufficientDataError
from linkwork.stats.results import Quantiles, RateCI

__all__ = ["median_and_p90", "rate_per_thousand"]

_PER = 1000.0


def median_and_p90(values: Sequence[float]) -> Quantiles:
    """Median and 90th percentile, for skewed figures such as days to first contact.

    Parameters
    ----------
    values
        The figures, one per person or referral; missing values are refused.

    Returns
    -------
    Quantiles

    Raises
    ------
    InsufficientDataError
        If ``values`` is empty.

    Notes
    -----
    Linear interpolation between order statistics (numpy's default ``"linear"``
    method; Hyndman and Fan definition 7, also the default in R and Excel's
    PERCENTILE.INC). With sorted values x_1..x_n, the q-quantile is at position
    h = (n - 1) q + 1::

        Q(q) = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h))

    Other definitions give slightly different answers for small n; quote the
    method alongside the figure.

    References
    ----------
    Hyndman RJ, Fan Y. Sample quantiles in statistical packages. Am Stat
    1996;50:361-365.

    Examples
    --------
    >>> q = median_and_p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    >>> q.median, round(q.p90, 2)
    (5.5, 9.1)
    """
    array = as_finite_array(values, name="values")
    if array.size == 0:
        raise InsufficientDataError("no values given, so no median can be calculated.")
    median, p90 = np.quantile(array, [0.5, 0.9], method="linear")
    return Quantiles(n=int(array.size), median=float(median), p90=float(p90))


def rate_per_thousand(count: int, population: float, *, confidence: float = 0.95) -> RateCI:
    """Events per 1,000 people with an exact (Garwood) Poisson confidence interval.

    Parameters
    ----------
    count
        Number of events (for example referrals), a non-negative whole number.
    population
        Population at risk (for example registered list size); must be positive.
    confidence
        Two-sided confidence level.

    Returns
    -------
    RateCI

    Raises
    ------
    InsufficientDataError
        If ``population`` is not positive (no rate exists).
    ValueError
        If ``count`` is negative.

    Notes
    -----
    With alpha = 1 - confidence and chi2_p(k) the p-quantile of chi-squared on
    k degrees of freedom, the interval for the expected count is::

        lower = chi2_{alpha/2}(2 count) / 2       (0 when count = 0)
        upper = chi2_{1-alpha/2}(2 count + 2) / 2

    and every figure is multiplied by 1000 / population. The interval is exact
    in the sense of never under-covering, so it is slightly conservative.

    References
    ----------
    Garwood F. Fiducial limits for the Poisson distribution. Biometrika
    1936;28:437-442.
    Ulm K. A simple method to calculate the confidence interval of a
    standardized mortality ratio. Am J Epidemiol 1990;131:373-375.

    Examples
    --------
    >>> r = rate_per_thousand(10, 2000)
    >>> r.rate_per_thousand, round(r.low, 3), round(r.high, 3)
    (5.0, 2.398, 9.195)
    """
    check_confidence(confidence)
    if count < 0:
        raise ValueError(f"count must be a non-negative number of events, got {count}.")
    if not (math.isfinite(population) and population > 0):
        raise InsufficientDataError(
            f"a rate needs a positive population, got {population!r}, so no rate exists."
        )
    alpha = 1.0 - confidence
    lower_count = 0.0 if count == 0 else float(stats.chi2.ppf(alpha / 2.0, 2 * count)) / 2.0
    upper_count = float(stats.chi2.ppf(1.0 - alpha / 2.0, 2 * count + 2)) / 2.0
    scale = _PER / population
    return RateCI(
        count=count,
        population=population,
        rate_per_thousand=count * scale,
        low=lower_count * scale,
        high=upper_count * scale,
        confidence=confidence,
    )
