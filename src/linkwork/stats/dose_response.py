"""Change in outcome by number of link worker sessions attended."""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from linkwork.stats._checks import check_confidence
from linkwork.stats._tinterval import mean_t_interval
from linkwork.stats.results import GroupChange

__all__ = ["SESSION_BANDS", "change_by_sessions"]

SESSION_BANDS = ("1", "2", "3+")


def change_by_sessions(
    frame: pl.DataFrame,
    *,
    change: str,
    sessions: str,
    confidence: float = 0.95,
) -> list[GroupChange]:
    """Mean change with a t interval for people who attended 1, 2, or 3 or more sessions.

    Descriptive only: people who attend more sessions differ in other ways
    (need, motivation, whether they stayed well enough to come), so a gradient
    here is not evidence that more sessions cause more change.

    Parameters
    ----------
    frame
        One row per person.
    change
        Column of follow-up minus baseline; null where there was no follow-up.
    sessions
        Column of sessions attended, a whole number.
    confidence
        Two-sided confidence level of each interval.

    Returns
    -------
    list of GroupChange
        Always three entries, "1", "2" and "3+", so tables keep their shape. A
        band with no one has only ``n = 0``; a band with one person has a mean
        but no standard deviation or interval. Apply small-number suppression
        before publishing.

    Raises
    ------
    ValueError
        If a column is missing or ``sessions`` holds negative or fractional values.

    Notes
    -----
    People with 0 or missing sessions, or a missing change, are left out. For a
    band with changes d_1..d_n (n >= 2), mean d-bar and standard deviation s::

        CI = d-bar -/+ t_{(1 + confidence)/2, n - 1} s / sqrt(n)

    References
    ----------
    Student. The probable error of a mean. Biometrika 1908;6:1-25.

    Examples
    --------
    >>> frame = pl.DataFrame({"change": [1.0, 3.0, 2.0, 4.0, 6.0, None],
    ...                       "sessions": [1, 1, 2, 3, 5, 4]})
    >>> [(row.label, row.n, row.mean_change) for row in change_by_sessions(
    ...     frame, change="change", sessions="sessions")]
    [('1', 2, 2.0), ('2', 1, 2.0), ('3+', 2, 5.0)]
    """
    check_confidence(confidence)
    absent = [name for name in (change, sessions) if name not in frame.columns]
    if absent:
        raise ValueError(f"columns not in the data: {', '.join(absent)}.")
    if not frame.schema[change].is_numeric() or not frame.schema[sessions].is_numeric():
        raise ValueError(f"{change!r} and {sessions!r} must both be numeric columns.")

    data = frame.select(
        pl.col(change).cast(pl.Float64).fill_nan(None).alias("change"),
        pl.col(sessions).cast(pl.Float64).alias("sessions"),
    ).drop_nulls()
    attended = data.get_column("sessions").to_numpy()
    if np.any(attended < 0) or np.any(attended != np.floor(attended)):
        raise ValueError(f"{sessions!r} must hold whole, non-negative numbers of sessions.")

    values = data.get_column("change").to_numpy().astype(np.float64)
    bands = {
        "1": attended == 1,
        "2": attended == 2,
        "3+": attended >= 3,
    }
    return [_summarise(label, values[mask], confidence) for label, mask in bands.items()]


def _summarise(label: str, values: NDArray[np.float64], confidence: float) -> GroupChange:
    n = int(values.size)
    if n == 0:
        return GroupChange(label, 0, None, None, None, None, confidence)
    if n == 1:
        return GroupChange(label, 1, float(values[0]), None, None, None, confidence)
    interval = mean_t_interval(values, confidence)
    return GroupChange(
        label, n, interval.mean, interval.sd, interval.low, interval.high, confidence
    )
