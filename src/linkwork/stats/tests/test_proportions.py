from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from linkwork.stats import InsufficientDataError, wilson_interval


def test_hand_worked_example() -> None:
    # 8 of 10, z = 1.959964: z^2 = 3.841459.
    # centre = (0.8 + 3.841459 / 20) / (1 + 0.3841459) = 0.992073 / 1.384146 = 0.716740
    # half   = 1.959964 / 1.384146 * sqrt(0.016 + 3.841459 / 400)
    #        = 1.416010 * sqrt(0.025604) = 1.416010 * 0.160011 = 0.226577
    # interval = (0.490163, 0.943317)
    ci = wilson_interval(8, 10)
    assert ci.proportion == 0.8
    assert ci.low == pytest.approx(0.490163, abs=1e-6)
    assert ci.high == pytest.approx(0.943317, abs=1e-6)
    assert (ci.successes, ci.n, ci.confidence, ci.method) == (8, 10, 0.95, "wilson")


@pytest.mark.parametrize(
    ("successes", "n", "confidence"),
    [(0, 1, 0.95), (0, 7, 0.95), (7, 7, 0.95), (3, 40, 0.9), (57, 120, 0.99), (1, 1000, 0.95)],
)
def test_matches_statsmodels(successes: int, n: int, confidence: float) -> None:
    ci = wilson_interval(successes, n, confidence=confidence)
    low, high = proportion_confint(successes, n, alpha=1 - confidence, method="wilson")
    assert ci.low == pytest.approx(low, abs=1e-12)
    assert ci.high == pytest.approx(high, abs=1e-12)


@given(
    st.integers(min_value=1, max_value=5000).flatmap(
        lambda n: st.tuples(st.integers(0, n), st.just(n))
    )
)
def test_matches_statsmodels_everywhere(counts: tuple[int, int]) -> None:
    successes, n = counts
    ci = wilson_interval(successes, n)
    low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert ci.low == pytest.approx(low, abs=1e-9)
    assert ci.high == pytest.approx(high, abs=1e-9)
    assert 0.0 <= ci.low <= ci.proportion <= ci.high <= 1.0


def test_all_or_none_reach_the_boundary() -> None:
    assert wilson_interval(0, 12).low == 0.0
    assert wilson_interval(12, 12).high == 1.0


def test_no_people_is_insufficient() -> None:
    with pytest.raises(InsufficientDataError, match="n is 0"):
        wilson_interval(0, 0)


@pytest.mark.parametrize(("successes", "n"), [(-1, 5), (6, 5), (0, -1)])
def test_impossible_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError, match="successes"):
        wilson_interval(successes, n)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95, -0.5])
def test_confidence_must_be_a_fraction(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(5, 10, confidence=confidence)
