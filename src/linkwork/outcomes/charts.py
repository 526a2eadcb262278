"""Geometry for small server-side line charts of scores over time. Pure: no Django.

Templates draw the result as inline SVG styled only by CSS classes (the strict CSP allows
no inline styles or scripts), and always put the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from linkwork.core.axis import nice_ticks

WIDTH = 560
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
MAX_X_TICKS = 6
# Series beyond this share the last colour class; ONS4's four items are the most we draw.
SERIES_CLASSES = 6


@dataclass(frozen=True, slots=True)
class Observation:
    on: date
    value: float
    note: str = ""  # e.g. the timepoint, for the point's tooltip


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    title: str


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    css: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True, slots=True)
class Tick:
    pos: float
    label: str
    anchor: str = "middle"  # "start" / "end" keep the outermost date labels inside the chart


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def line_chart(
    series: Sequence[tuple[str, Sequence[Observation]]],
    *,
    y_range: tuple[float, float],
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart:
    """Lay out one line per named series against shared date and score axes."""
    right, bottom = width - RIGHT, height - BOTTOM
    dates = sorted({obs.on for _, observations in series for obs in observations})
    if not dates:
        raise ValueError("A chart needs at least one observation.")
    start, end = dates[0], dates[-1]
    if start == end:  # one visit: centre it
        start, end = start - timedelta(days=30), end + timedelta(days=30)
    low, high = y_range
    values = [obs.value for _, observations in series for obs in observations]
    low, high = min([low, *values]), max([high, *values])
    if high == low:
        high = low + 1

    def x_of(day: date) -> float:
        return round(LEFT + (right - LEFT) * (day - start).days / (end - start).days, 1)

    def y_of(value: float) -> float:
        return round(bottom - (bottom - TOP) * (value - low) / (high - low), 1)

    lines = tuple(
        Line(
            name=name,
            css=f"lw-chart__series--{min(index, SERIES_CLASSES - 1)}",
            points=tuple(
                Point(
                    x_of(obs.on),
                    y_of(obs.value),
                    f"{name}: {_fmt(obs.value)} on {_day(obs.on)}"
                    + (f" ({obs.note})" if obs.note else ""),
                )
                for obs in sorted(observations, key=lambda o: o.on)
            ),
        )
        for index, (name, observations) in enumerate(series)
    )
    shown = dates if len(dates) <= MAX_X_TICKS else _spread(dates, MAX_X_TICKS)
    return Chart(
        width=width,
        height=height,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        x_ticks=_x_ticks([(x_of(day), _day(day)) for day in shown], left=LEFT, right=right),
        y_ticks=tuple(Tick(y_of(value), _fmt(value)) for value in nice_ticks(low, high)),
        lines=lines,
    )


def _x_ticks(ticks: list[tuple[float, str]], *, left: float, right: float) -> tuple[Tick, ...]:
    def anchor(pos: float) -> str:
        if pos <= left:
            return "start"
        return "end" if pos >= right else "middle"

    return tuple(Tick(pos, label, anchor(pos)) for pos, label in ticks)


def _spread(dates: Sequence[date], count: int) -> list[date]:
    step = (len(dates) - 1) / (count - 1)
    return [dates[round(i * step)] for i in range(count)]
