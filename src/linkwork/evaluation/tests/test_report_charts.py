"""The report's charts mark their axes with round numbers."""

from __future__ import annotations

import re

import pytest

from linkwork.evaluation.report.charts import Bar, bar_chart, forest_plot


def axis_labels(svg: str) -> list[float]:
    return [float(v) for v in re.findall(r'<text class="lw-note"[^>]*>(-?[\d.]+)</text>', svg)]


def is_round(value: float) -> bool:
    """0, or 1, 2, 2.5 or 5 times a power of ten, or a whole multiple of such a step."""
    if value == 0:
        return True
    text = f"{abs(value):g}"
    return len(text.replace(".", "").strip("0")) <= 2


@pytest.mark.parametrize(
    ("values", "top"),
    [([84.1], 100.0), ([109.0, 41.0, 3.0], 120.0), ([85.3], 100.0), ([0.59, 0.68], 0.7)],
)
def test_bar_chart_axes_end_on_round_numbers(values: list[float], top: float) -> None:
    svg = bar_chart("Referrals", [Bar(str(i), v) for i, v in enumerate(values)])
    labels = axis_labels(svg)
    assert labels[0] == 0
    assert labels[-1] == top
    assert "88.305" not in svg
    assert all(is_round(v) for v in labels)


def test_forest_plot_axes_end_on_round_numbers() -> None:
    svg = forest_plot("Change", [Bar("1", -0.4, -1.48, 0.68), Bar("3+", -1.92, -4.3, 0.92)])
    labels = axis_labels(svg)
    assert labels[0] == -5
    assert labels[-1] == 1
    assert all(is_round(v) for v in labels)
