"""Geometry for small server-rendered SVG bar charts. Pure, no Django.

The template draws the shapes with CSS classes only (no style attributes, no scripts), so the
charts work under the strict Content-Security-Policy; a table beside each chart carries the
same numbers for screen readers and for anyone who prefers figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from linkwork.core.axis import nice_range

__all__ = ["Bar", "BarChart", "grouped_bars"]


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    guide_y: float | None
    guide_label: str
    plot_left: float
    plot_right: float
    plot_bottom: float
    tick_x: float
    label_y: float
    legend: list[tuple[str, str]]


def grouped_bars(
    *,
    groups: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    top: float,
    guide: float | None = None,
    unit: str = "%",
    width: int = 560,
    height: int = 220,
) -> BarChart:
    """Bars for each group (e.g. a period) and series (label, css class, values); a missing
    value draws no bar. `top` is the value at the top of the axis; `guide` a dashed line."""
    left, right, upper, bottom = 44.0, width - 8.0, 12.0, height - 28.0
    span = right - left
    plot_height = bottom - upper
    _, top, step = nice_range(0.0, max(10.0, top))  # round numbers, so the ticks read well

    def y_of(value: float) -> float:
        return bottom - plot_height * min(value, top) / top

    group_width = span / max(len(groups), 1)
    bar_width = group_width * 0.7 / max(len(series), 1)
    bars: list[Bar] = []
    for g, group in enumerate(groups):
        start = left + g * group_width + group_width * 0.15
        for s, (label, css, values) in enumerate(series):
            value = values[g]
            if value is None:
                continue
            y = y_of(value)
            bars.append(
                Bar(
                    x=round(start + s * bar_width, 1),
                    y=round(y, 1),
                    width=round(bar_width - 2, 1),
                    height=round(bottom - y, 1),
                    css=css,
                    title=f"{group}, {label}: {value:g}{unit}",
                )
            )
    ticks = [round(i * step, 6) for i in range(round(top / step) + 1)]
    return BarChart(
        width=width,
        height=height,
        bars=bars,
        x_labels=[(round(left + (g + 0.5) * group_width, 1), grp) for g, grp in enumerate(groups)],
        y_ticks=[(round(y_of(t), 1), f"{t:g}{unit}") for t in ticks],
        guide_y=None if guide is None else round(y_of(guide), 1),
        guide_label="" if guide is None else f"{guide:g}{unit}",
        plot_left=left,
        plot_right=right,
        plot_bottom=bottom,
        tick_x=left - 6,
        label_y=height - 8.0,
        legend=[(label, css) for label, css, _ in series],
    )
