"""Charts as inline SVG: no scripts, no fonts or files fetched, readable offline and in the
app under a strict Content-Security-Policy. Pure Python. Every chart is shown beside a table
of the same figures, so nothing depends on seeing the picture."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from linkwork.core.axis import nice_range

WIDTH = 640
LABEL_WIDTH = 220
ROW_HEIGHT = 26
LABEL_CHARS = 34


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None
    low: float | None = None
    high: float | None = None


def _short(label: str, most: int = LABEL_CHARS) -> str:
    """The label as it fits beside a bar: cut at a word, with an ellipsis, when too long."""
    if len(label) <= most:
        return escape(label)
    cut = label[: most - 1].rsplit(" ", 1)[0].rstrip(" (,:;")
    return escape(cut) + "…"


def _scale(values: Sequence[float]) -> tuple[float, float]:
    """The axis: from zero (or below, for negative values) to round numbers either side."""
    lo, hi, _ = nice_range(min(*values, 0.0), max(*values, 0.0))
    return lo, hi


def bar_chart(title: str, bars: Sequence[Bar], *, unit: str = "") -> str:
    """Horizontal bars, optionally with interval whiskers; suppressed values are labelled."""
    shown = [b for b in bars if b.value is not None]
    points = [v for b in shown for v in (b.value, b.low, b.high) if v is not None]
    if not points:
        return ""
    lo, hi = _scale(points)
    plot = WIDTH - LABEL_WIDTH - 60
    height = ROW_HEIGHT * len(bars) + 30

    def x(v: float) -> float:
        return LABEL_WIDTH + (v - lo) / (hi - lo) * plot

    parts = [
        f'<svg class="lw-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="lw-axis" x1="{x(0):.1f}" y1="0" x2="{x(0):.1f}" y2="{height - 25}" />',
    ]
    for i, bar in enumerate(bars):
        y = i * ROW_HEIGHT + 4
        parts.append(
            f'<text class="lw-label" x="{LABEL_WIDTH - 8}" y="{y + 15}" '
            f'text-anchor="end">{_short(bar.label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text class="lw-note" x="{LABEL_WIDTH + 4}" y="{y + 15}">not shown</text>'
            )
            continue
        start, end = sorted((x(0), x(bar.value)))
        parts.append(
            f'<rect class="lw-bar" x="{start:.1f}" y="{y}" '
            f'width="{max(end - start, 1):.1f}" height="{ROW_HEIGHT - 10}" />'
        )
        if bar.low is not None and bar.high is not None:
            mid = y + (ROW_HEIGHT - 10) / 2
            parts.append(
                f'<line class="lw-whisker" x1="{x(bar.low):.1f}" y1="{mid:.1f}" '
                f'x2="{x(bar.high):.1f}" y2="{mid:.1f}" />'
            )
        parts.append(
            f'<text class="lw-value" x="{max(end, x(0)) + 4:.1f}" y="{y + 15}">'
            f"{bar.value:g}{escape(unit)}</text>"
        )
    parts.append(f'<text class="lw-note" x="{LABEL_WIDTH}" y="{height - 8}">{lo:g}</text>')
    parts.append(
        f'<text class="lw-note" x="{WIDTH - 60}" y="{height - 8}" text-anchor="end">{hi:g}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def forest_plot(title: str, bars: Sequence[Bar], *, reference: float = 0.0) -> str:
    """Estimates with intervals around a reference line (no difference)."""
    shown = [b for b in bars if b.value is not None]
    points = [v for b in shown for v in (b.value, b.low, b.high) if v is not None]
    if not points:
        return ""
    lo, hi = _scale([*points, reference])
    plot = WIDTH - LABEL_WIDTH - 60
    height = ROW_HEIGHT * len(bars) + 30

    def x(v: float) -> float:
        return LABEL_WIDTH + (v - lo) / (hi - lo) * plot

    parts = [
        f'<svg class="lw-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="lw-axis" x1="{x(reference):.1f}" y1="0" x2="{x(reference):.1f}" '
        f'y2="{height - 25}" />',
    ]
    for i, bar in enumerate(bars):
        y = i * ROW_HEIGHT + 14
        parts.append(
            f'<text class="lw-label" x="{LABEL_WIDTH - 8}" y="{y + 4}" '
            f'text-anchor="end">{_short(bar.label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text class="lw-note" x="{LABEL_WIDTH + 4}" y="{y + 4}">not shown</text>'
            )
            continue
        if bar.low is not None and bar.high is not None:
            parts.append(
                f'<line class="lw-whisker" x1="{x(bar.low):.1f}" y1="{y}" '
                f'x2="{x(bar.high):.1f}" y2="{y}" />'
            )
        parts.append(f'<circle class="lw-point" cx="{x(bar.value):.1f}" cy="{y}" r="5" />')
    parts.append(f'<text class="lw-note" x="{LABEL_WIDTH}" y="{height - 8}">{lo:g}</text>')
    parts.append(
        f'<text class="lw-note" x="{WIDTH - 60}" y="{height - 8}" text-anchor="end">{hi:g}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
