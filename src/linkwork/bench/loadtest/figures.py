"""Per-page figures and the ratios the load targets name. Pure Python, no Django."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# The targets, as ratios measured in one run so the machine's speed cancels out.
P95_RATIO_TARGET = 5.0  # every page's p95 within this many times the baseline page's
THROUGHPUT_SHARE_TARGET = 0.30  # the mix's requests per second, as a share of the baseline's


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest sample with at least `fraction` of the samples
    at or below it (so p95 of 20 samples is the 19th). NaN for no samples."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], not {fraction}")
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = math.ceil(fraction * len(ordered))
    return ordered[rank - 1]


@dataclass
class PageFigures:
    page: str
    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)

    def add(self, seconds: float, error: str | None) -> None:
        self.seconds.append(seconds)
        if error is not None:
            self.errors += 1
            if len(self.error_examples) < 5:
                self.error_examples.append(error)

    def summary(self, duration_s: float) -> dict[str, object]:
        ms = [s * 1000 for s in self.seconds]
        return {
            "page": self.page,
            "count": len(ms),
            "errors": self.errors,
            "p50_ms": _round(percentile(ms, 0.50)),
            "p95_ms": _round(percentile(ms, 0.95)),
            "p99_ms": _round(percentile(ms, 0.99)),
            "per_second": round(len(ms) / duration_s, 2) if duration_s > 0 else None,
            "error_examples": self.error_examples,
        }


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 1)


def report(
    pages: Iterable[PageFigures],
    *,
    baseline: PageFigures,
    mix_duration_s: float,
    baseline_duration_s: float,
) -> dict[str, object]:
    """Everything `make loadtest` prints and saves: each page's figures with its p95 as a
    multiple of the baseline's, the mix's throughput against the baseline's, and the errors."""
    base = baseline.summary(baseline_duration_s)
    base_p95 = percentile([s * 1000 for s in baseline.seconds], 0.95)
    rows = []
    ratios: list[float] = []
    ordered = sorted(pages, key=lambda f: f.page)
    for figures in ordered:
        row = figures.summary(mix_duration_s)
        p95 = percentile([s * 1000 for s in figures.seconds], 0.95)
        ratio = None
        if base_p95 > 0 and not math.isnan(p95):
            ratio = round(round(p95, 1) / round(base_p95, 1), 2)
            ratios.append(ratio)
        row["p95_vs_baseline"] = ratio
        rows.append(row)
    requests = sum(len(f.seconds) for f in ordered)
    errors = sum(f.errors for f in ordered) + baseline.errors
    mix_rate = requests / mix_duration_s if mix_duration_s > 0 else 0.0
    base_rate = len(baseline.seconds) / baseline_duration_s if baseline_duration_s > 0 else 0.0
    worst = max(ratios, default=None)
    share = round(mix_rate / base_rate, 3) if base_rate > 0 else None
    return {
        "baseline": base,
        "pages": rows,
        "requests": requests,
        "errors": errors,
        "mix_per_second": round(mix_rate, 2),
        "baseline_per_second": round(base_rate, 2),
        "throughput_share": share,
        "worst_p95_vs_baseline": worst,
        "targets": {
            "p95_vs_baseline_at_most": P95_RATIO_TARGET,
            "throughput_share_at_least": THROUGHPUT_SHARE_TARGET,
            "errors": 0,
        },
        "met": {
            "p95": worst is not None and worst <= P95_RATIO_TARGET,
            "throughput": share is not None and share >= THROUGHPUT_SHARE_TARGET,
            "errors": errors == 0,
        },
    }


def table(result: dict[str, object]) -> str:
    """The report as plain text, one line a page."""
    head = (
        f"{'page':<34}{'count':>7}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'x base':>8}"
    )
    lines = [head, "-" * len(head)]
    base = result["baseline"]
    assert isinstance(base, dict)
    lines.append(_line({**base, "page": "baseline: " + str(base["page"]), "p95_vs_baseline": 1.0}))
    for row in result["pages"]:  # type: ignore[attr-defined]
        lines.append(_line(row))
    lines.append("-" * len(head))
    lines.append(
        f"mix {result['mix_per_second']}/s, baseline alone {result['baseline_per_second']}/s "
        f"(share {result['throughput_share']}, target >= {THROUGHPUT_SHARE_TARGET}); "
        f"worst p95 {result['worst_p95_vs_baseline']}x baseline (target <= {P95_RATIO_TARGET}); "
        f"errors {result['errors']}"
    )
    return "\n".join(lines)


def _line(row: dict[str, object]) -> str:
    def cell(value: object) -> str:
        return "-" if value is None else str(value)

    return (
        f"{str(row['page'])[:33]:<34}{cell(row['count']):>7}{cell(row['errors']):>7}"
        f"{cell(row['p50_ms']):>9}{cell(row['p95_ms']):>9}{cell(row['p99_ms']):>9}"
        f"{cell(row.get('p95_vs_baseline')):>8}"
    )
