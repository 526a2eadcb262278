"""Round numbers for chart axes. Pure, no Django.

An axis reads well when it is marked in steps of 1, 2, 2.5 or 5 times a power of ten and ends
on one of those marks: 0 to 100, not 0 to 88.305.
"""

from __future__ import annotations

import math

__all__ = ["nice_range", "nice_step", "nice_ticks"]


def nice_step(span: float, *, most: int = 6) -> float:
    """The smallest round step that marks `span` with at most `most` ticks."""
    if span <= 0:
        return 1.0
    raw = span / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))


def nice_range(low: float, high: float, *, most: int = 8) -> tuple[float, float, float]:
    """(start, end, step): the range widened to round ends that hold [low, high].

    >>> nice_range(0, 84.1)
    (0.0, 100.0, 20.0)
    >>> nice_range(-4.3, 0.92)
    (-5.0, 1.0, 1.0)
    """
    if high == low:
        high = low + 1
    step = nice_step(high - low, most=most)
    start, end = math.floor(low / step) * step, math.ceil(high / step) * step
    # Widening the ends can need a bigger step to stay within `most` ticks.
    if (end - start) / step > most - 1 + 1e-9:
        step = nice_step(end - start, most=most)
        start, end = math.floor(low / step) * step, math.ceil(high / step) * step
    return _tidy(start), _tidy(end), _tidy(step)


def nice_ticks(low: float, high: float, *, most: int = 6) -> list[float]:
    """Round-numbered ticks (steps of 1, 2, 2.5 or 5 times a power of ten) inside [low, high]."""
    if high - low <= 0:
        return [low]
    step = nice_step(high - low, most=most)
    ticks = []
    value = math.ceil(low / step) * step
    while value <= high + 1e-9:
        ticks.append(_tidy(value))
        value += step
    return ticks


def _tidy(value: float) -> float:
    """Drop the floating-point dust (0.30000000000000004) that steps leave behind."""
    return round(value, 6) + 0.0
