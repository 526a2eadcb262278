"""Confidence intervals for proportions."""

from __future__ import annotations

import math

from linkwork.stats._checks import check_confidence, two_sided_critical_value
from linkwork.stats.errors import InsufficientDataError
from linkwork.stats.results import ProportionCI

__all__ = ["wilson_interval"]


def wilson_interval(successes: int, n: int, *, confidence: float = 0.95) -> ProportionCI:
    """Wilson score interval for a binomial proportion.

    Preferred over the simple Wald interval because it stays inside [0, 1] and
    keeps close to its nominal coverage with the small groups typical of one
    practice or scheme.

    Parameters
    ----------
    successes
        Number of people with the characteristic, ``0 <= successes <= n``.
    n
        Number of people.
    confidence
        Two-sided confidence level.

    Returns
    -------
    ProportionCI

    Raises
    ------
    InsufficientDataError
        If ``n`` is 0 (no proportion exists).
    ValueError
        If the counts are negative or ``successes > n``.

    Notes
    -----
    With p = successes / n and z the standard normal quantile for the
    confidence level::

        centre     = (p + z^2 / (2n)) / (1 + z^2 / n)
        half_width = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / (4 n^2))
        interval   = centre -/+ half_width

    References
    ----------
    Wilson EB. Probable inference, the law of succession, and statistical
    inference. J Am Stat Assoc 1927;22:209-212.
    Newcombe RG. Two-sided confidence intervals for the single proportion:
    comparison of seven methods. Stat Med 1998;17:857-872.

    Examples
    --------
    >>> ci = wilson_interval(8, 10)
    >>> round(ci.proportion, 3), round(ci.low, 3), round(ci.high, 3)
    (0.8, 0.49, 0.943)
    """
    check_confidence(confidence)
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"need 0 <= successes <= n, got successes={successes}, n={n}.")
    if n == 0:
        raise InsufficientDataError("a proportion needs at least 1 person; n is 0.")
    z = two_sided_critical_value(confidence)
    p_hat = successes / n
    denominator = 1.0 + z * z / n
    centre = (p_hat + z * z / (2 * n)) / denominator
    half_width = z / denominator * math.sqrt(p_hat * (1 - p_hat) / n + z * z / (4 * n * n))
    # Analytically the bound is exactly 0 (or 1) when none (or all) succeed; set it so
    # rather than publish 2.8e-17. Elsewhere clamp only against rounding.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == n else min(1.0, centre + half_width)
    return ProportionCI(
        successes=successes,
        n=n,
        proportion=p_hat,
        low=low,
        high=high,
        confidence=confidence,
    )
