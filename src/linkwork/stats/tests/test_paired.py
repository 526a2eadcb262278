from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from linkwork.stats import InsufficientDataError, paired_change, share_improved

BASELINE = [10.0, 12.0, 14.0, 16.0]
FOLLOW_UP = [13.0, 14.0, 18.0, 17.0]


def test_hand_worked_example() -> None:
    # changes d = 3, 2, 4, 1; mean 10 / 4 = 2.5
    # deviations 0.5, -0.5, 1.5, -1.5; squares sum 0.25 + 0.25 + 2.25 + 2.25 = 5
    # s_d = sqrt(5 / 3) = 1.290994; SE = 1.290994 / 2 = 0.645497
    # t = 2.5 / 0.645497 = 3.872983 on 3 df; t*(0.975, 3) = 3.182446
    # CI = 2.5 -/+ 3.182446 * 0.645497 = 2.5 -/+ 2.054260 = (0.445740, 4.554260)
    # d_z = 2.5 / 1.290994 = 1.936492
    # baseline: mean 13, squares 9 + 1 + 1 + 9 = 20, s = sqrt(20 / 3) = 2.581989
    # follow-up: mean 15.5, squares 6.25 + 2.25 + 6.25 + 2.25 = 17, s = sqrt(17 / 3) = 2.380476
    # d_av = 2.5 / ((2.581989 + 2.380476) / 2) = 2.5 / 2.481232 = 1.007564
    # p = 2 * P(T_3 > 3.872983) = 0.030466
    result = paired_change(BASELINE, FOLLOW_UP)
    assert result.n == 4
    assert result.df == 3
    assert result.mean_baseline == 13.0
    assert result.mean_follow_up == 15.5
    assert result.mean_change == 2.5
    assert result.sd_change == pytest.approx(1.290994, abs=1e-6)
    assert result.sd_baseline == pytest.approx(2.581989, abs=1e-6)
    assert result.sd_follow_up == pytest.approx(2.380476, abs=1e-6)
    assert result.t_statistic == pytest.approx(3.872983, abs=1e-6)
    assert result.ci_low == pytest.approx(0.445740, abs=1e-6)
    assert result.ci_high == pytest.approx(4.554260, abs=1e-6)
    assert result.cohens_dz == pytest.approx(1.936492, abs=1e-6)
    assert result.cohens_dav == pytest.approx(1.007564, abs=1e-6)
    assert result.p_value == pytest.approx(0.030466, abs=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_matches_scipy(seed: int, confidence: float) -> None:
    rng = np.random.default_rng(seed)
    before = rng.normal(40, 8, 57)
    after = before + rng.normal(2, 5, 57)
    result = paired_change(before.tolist(), after.tolist(), confidence=confidence)

    rel = stats.ttest_rel(after, before)
    rel_ci = rel.confidence_interval(confidence_level=confidence)
    assert result.t_statistic == pytest.approx(rel.statistic, rel=1e-12)
    assert result.p_value == pytest.approx(rel.pvalue, rel=1e-9)
    assert result.ci_low == pytest.approx(rel_ci.low, rel=1e-12)
    assert result.ci_high == pytest.approx(rel_ci.high, rel=1e-12)

    one = stats.ttest_1samp(after - before, 0.0)
    assert result.t_statistic == pytest.approx(one.statistic, rel=1e-12)
    assert result.df == one.df
    # d_z and t are tied: t = d_z * sqrt(n).
    assert result.cohens_dz == pytest.approx(one.statistic / math.sqrt(57), rel=1e-12)
    average_sd = (np.std(before, ddof=1) + np.std(after, ddof=1)) / 2
    assert result.cohens_dav == pytest.approx(np.mean(after - before) / average_sd, rel=1e-12)


def test_fewer_than_two_people() -> None:
    with pytest.raises(InsufficientDataError, match="at least 2 people"):
        paired_change([10.0], [12.0])
    with pytest.raises(InsufficientDataError):
        paired_change([], [])


def test_identical_changes_have_no_spread() -> None:
    with pytest.raises(InsufficientDataError, match="standard deviation of change is 0"):
        paired_change([1.0, 2.0, 3.0], [3.0, 4.0, 5.0])


def test_identical_changes_with_rounding_noise_have_no_spread() -> None:
    # 0.1 + 0.2 etc. do not subtract back exactly; the spread is ~1e-17, not 0.
    before = [0.2, 0.7, 1.3]
    after = [value + 0.1 for value in before]
    with pytest.raises(InsufficientDataError, match="d_z"):
        paired_change(before, after)


def test_lengths_must_pair_up() -> None:
    with pytest.raises(ValueError, match="pair up"):
        paired_change([1.0, 2.0, 3.0], [1.0, 2.0])


def test_missing_values_are_refused() -> None:
    with pytest.raises(ValueError, match="missing"):
        paired_change([1.0, 2.0, math.nan], [1.0, 2.0, 3.0])


def test_share_improved_higher_is_better() -> None:
    changes = [4.0, 3.0, 2.9, -2.0, 5.0, 0.0, 3.5]  # 4, 3 (exactly the MIC), 5, 3.5 -> 4 of 7
    ci = share_improved(changes, mic=3.0, higher_is_better=True)
    low, high = proportion_confint(4, 7, alpha=0.05, method="wilson")
    assert (ci.successes, ci.n) == (4, 7)
    assert ci.low == pytest.approx(low)
    assert ci.high == pytest.approx(high)


def test_share_improved_lower_is_better() -> None:
    changes = [-6.0, -5.0, -4.9, 0.0, 5.0, 6.0]  # only -6 and -5 fall by at least 5
    ci = share_improved(changes, mic=5.0, higher_is_better=False)
    assert (ci.successes, ci.n) == (2, 6)


@pytest.mark.parametrize("mic", [0.0, -3.0, math.nan, math.inf])
def test_share_improved_needs_a_positive_mic(mic: float) -> None:
    with pytest.raises(ValueError, match="mic"):
        share_improved([1.0, 2.0], mic=mic, higher_is_better=True)


def test_share_improved_needs_people() -> None:
    with pytest.raises(InsufficientDataError):
        share_improved([], mic=3.0, higher_is_better=True)
