from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from scipy import stats

from linkwork.stats import SESSION_BANDS, change_by_sessions


def test_bands_match_an_independent_t_interval() -> None:
    rng = np.random.default_rng(7)
    sessions = rng.integers(0, 9, 400)
    change = rng.normal(1.0, 4.0, 400) + 0.5 * np.minimum(sessions, 3)
    frame = pl.DataFrame({"delta": change, "visits": sessions})
    rows = change_by_sessions(frame, change="delta", sessions="visits", confidence=0.9)
    assert [row.label for row in rows] == list(SESSION_BANDS)
    masks = [sessions == 1, sessions == 2, sessions >= 3]
    for row, mask in zip(rows, masks, strict=True):
        values = change[mask]
        test = stats.ttest_1samp(values, 0.0)
        ci = test.confidence_interval(confidence_level=0.9)
        assert row.n == values.size
        assert row.mean_change == pytest.approx(values.mean(), rel=1e-12)
        assert row.sd_change == pytest.approx(values.std(ddof=1), rel=1e-12)
        assert row.ci_low == pytest.approx(ci.low, rel=1e-12)
        assert row.ci_high == pytest.approx(ci.high, rel=1e-12)
        assert row.confidence == 0.9
    assert sum(row.n for row in rows) == int(np.count_nonzero(sessions >= 1))


def test_hand_worked_and_exclusions() -> None:
    # Band "1": changes 1, 3 -> mean 2, s = sqrt(2) = 1.414214, SE = 1;
    #   t*(0.975, 1) = 12.706205 -> CI (-10.706205, 14.706205).
    # Band "2": one person, 2.0 -> mean only.
    # Band "3+": 4 and 6 (3 and 5 sessions); the 4-session person has no change; the
    #   0-session, null-session and NaN-change people are left out.
    frame = pl.DataFrame(
        {
            "change": [1.0, 3.0, 2.0, 4.0, 6.0, None, 9.0, 9.0, math.nan],
            "sessions": [1, 1, 2, 3, 5, 4, 0, None, 2],
        }
    )
    one, two, more = change_by_sessions(frame, change="change", sessions="sessions")
    assert (one.n, one.mean_change) == (2, 2.0)
    assert one.sd_change == pytest.approx(1.414214, abs=1e-6)
    assert one.ci_low == pytest.approx(-10.706205, abs=1e-6)
    assert one.ci_high == pytest.approx(14.706205, abs=1e-6)
    assert (two.n, two.mean_change, two.sd_change, two.ci_low, two.ci_high) == (
        1,
        2.0,
        None,
        None,
        None,
    )
    assert (more.n, more.mean_change) == (2, 5.0)


def test_empty_band_keeps_its_place() -> None:
    frame = pl.DataFrame({"change": [1.0, 2.0], "sessions": [3, 4]})
    one, two, more = change_by_sessions(frame, change="change", sessions="sessions")
    assert (one.n, one.mean_change, one.ci_low) == (0, None, None)
    assert two.n == 0
    assert more.n == 2


def test_float_sessions_that_are_whole_are_fine() -> None:
    frame = pl.DataFrame({"change": [1.0, 2.0, 5.0], "sessions": [1.0, 1.0, 2.0]})
    assert [row.n for row in change_by_sessions(frame, change="change", sessions="sessions")] == [
        2,
        1,
        0,
    ]


@pytest.mark.parametrize("bad", [[1.5, 2.0], [-1.0, 2.0]])
def test_sessions_must_be_whole_and_non_negative(bad: list[float]) -> None:
    frame = pl.DataFrame({"change": [1.0, 2.0], "sessions": bad})
    with pytest.raises(ValueError, match="whole, non-negative"):
        change_by_sessions(frame, change="change", sessions="sessions")


def test_columns_must_exist_and_be_numeric() -> None:
    frame = pl.DataFrame({"change": [1.0], "sessions": ["one"]})
    with pytest.raises(ValueError, match="not in the data"):
        change_by_sessions(frame, change="delta", sessions="sessions")
    with pytest.raises(ValueError, match="numeric"):
        change_by_sessions(frame, change="change", sessions="sessions")
