from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from linkwork.stats import InsufficientDataError, median_and_p90, rate_per_thousand


def test_quantiles_hand_worked() -> None:
    # Sorted 2, 3, 7, 11, 40 (n = 5). Median: position (5 - 1) * 0.5 + 1 = 3 -> 7.
    # p90: position (5 - 1) * 0.9 + 1 = 4.6 -> 11 + 0.6 * (40 - 11) = 28.4.
    q = median_and_p90([40, 3, 11, 2, 7])
    assert (q.n, q.median, q.method) == (5, 7.0, "linear")
    assert q.p90 == pytest.approx(28.4)


def test_single_value() -> None:
    q = median_and_p90([12.0])
    assert (q.median, q.p90) == (12.0, 12.0)


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=200))
def test_quantiles_match_the_standard_library(values: list[float]) -> None:
    # statistics.quantiles(method="inclusive") is the same definition (Hyndman-Fan 7).
    q = median_and_p90(values)
    assert q.median == pytest.approx(statistics.median(values), abs=1e-6)
    deciles = statistics.quantiles(values, n=10, method="inclusive")
    assert q.p90 == pytest.approx(deciles[8], abs=1e-6)


def test_quantiles_need_values() -> None:
    with pytest.raises(InsufficientDataError):
        median_and_p90([])
    with pytest.raises(ValueError, match="missing"):
        median_and_p90([1.0, math.nan])


def test_rate_with_zero_events() -> None:
    # Upper limit for 0 events: chi2_{0.975}(2) / 2 = -ln(0.025) = 3.688879 per population.
    r = rate_per_thousand(0, 1000)
    assert (r.rate_per_thousand, r.low) == (0.0, 0.0)
    assert r.high == pytest.approx(-math.log(0.025), rel=1e-9)


@pytest.mark.parametrize(
    ("count", "population"), [(1, 500), (10, 2000), (37, 12_345), (250, 80_000)]
)
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_rate_limits_are_the_exact_poisson_limits(
    count: int, population: int, confidence: float
) -> None:
    r = rate_per_thousand(count, population, confidence=confidence)
    assert r.rate_per_thousand == pytest.approx(1000 * count / population)
    alpha = 1 - confidence
    # Defining property of the exact interval, checked with the Poisson distribution itself:
    # P(X >= count | lower mean) = alpha/2 and P(X <= count | upper mean) = alpha/2.
    lower_mean = r.low * population / 1000
    upper_mean = r.high * population / 1000
    assert stats.poisson.sf(count - 1, lower_mean) == pytest.approx(alpha / 2, rel=1e-7)
    assert stats.poisson.cdf(count, upper_mean) == pytest.approx(alpha / 2, rel=1e-7)
    # And the gamma form of the same limits.
    assert lower_mean == pytest.approx(stats.gamma.ppf(alpha / 2, count), rel=1e-9)
    assert upper_mean == pytest.approx(stats.gamma.ppf(1 - alpha / 2, count + 1), rel=1e-9)


def test_rate_hand_worked() -> None:
    # 10 events in 2,000: rate 5.0 per 1,000. Published exact limits for a count of 10 are
    # 4.795 and 18.390 (Garwood), so 2.398 and 9.195 per 1,000.
    r = rate_per_thousand(10, 2000)
    assert r.rate_per_thousand == 5.0
    assert r.low == pytest.approx(4.795 / 2, abs=5e-4)
    assert r.high == pytest.approx(18.390 / 2, abs=5e-4)
    assert r.method == "exact Poisson (Garwood)"


@pytest.mark.parametrize("population", [0, -5, math.nan])
def test_rate_needs_a_population(population: float) -> None:
    with pytest.raises(InsufficientDataError, match="population"):
        rate_per_thousand(3, population)


def test_rate_refuses_negative_counts() -> None:
    with pytest.raises(ValueError, match="count"):
        rate_per_thousand(-1, 100)


def test_numpy_quantile_is_linear_by_default() -> None:
    # Documented claim: the method is numpy's default.
    values = np.array([2.0, 3.0, 7.0, 11.0, 40.0])
    assert np.quantile(values, 0.9) == pytest.approx(median_and_p90(values.tolist()).p90)
