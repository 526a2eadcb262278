"""The simulation study's results as a plain-text table, in the order the report shows the
estimates, with a note beside every coverage outside 93 to 97%."""

from __future__ import annotations

import math
from collections.abc import Sequence

from linkwork.evaluation.simulation.study import Score, StudyResult

__all__ = ["COVERAGE_RANGE", "note_for", "render", "table_rows"]

COVERAGE_RANGE = (0.93, 0.97)
NOMINAL = 0.95
ORDER = (
    "paired: ",
    "paired by scheme",
    "paired by delivery model",
    "paired by deprivation quintile",
    "paired by age band",
    "paired by sex",
    "improved: ",
    "improved by scheme",
    "improved by delivery model",
    "improved by deprivation quintile",
    "improved by age band",
    "improved by sex",
    "sessions: ",
    "model ",
    "quintile ",
)


def _rank(name: str) -> tuple[int, str]:
    for index, prefix in enumerate(ORDER):
        if name.startswith(prefix):
            # Total effect before the effect at the same sessions, model by model.
            return index, name.replace("total effect", "0").replace("at the same", "1")
    return len(ORDER), name


def note_for(score: Score) -> str:
    """Empty inside 93 to 97%; otherwise whether the miss is within the Monte Carlo error of
    the replications (two standard errors of a 95% coverage) or a real failing, and why."""
    low, high = COVERAGE_RANGE
    if math.isnan(score.coverage) or low <= score.coverage <= high:
        return ""
    chance = 2 * math.sqrt(NOMINAL * (1 - NOMINAL) / max(score.replications, 1))
    if abs(score.coverage - NOMINAL) <= chance:
        return (
            f"within the Monte Carlo error of {score.replications} runs "
            f"(95 +/- {100 * chance:.1f}); SE ratio {score.se_ratio:.2f}"
        )
    if score.coverage < low:
        return "interval too narrow: covers the truth less often than 95% claims"
    if score.name.startswith("model "):
        return (
            "conservative: t on degrees of freedom that count schemes, not people; "
            "the z column is the normal interval"
        )
    return "interval wider than it needs to be (conservative)"


def table_rows(scores: Sequence[Score]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for s in sorted(scores, key=lambda s: _rank(s.name)):
        rows.append(
            (
                s.name,
                str(s.replications),
                f"{s.target:.2f}",
                f"{s.bias:+.2f}",
                f"{100 * s.coverage:.1f}",
                f"{s.se_ratio:.2f}",
                f"{100 * s.coverage_normal:.1f}",
                note_for(s),
            )
        )
    return rows


def _format(rows: Sequence[tuple[str, ...]]) -> list[str]:
    header = ("Estimate", "Runs", "Truth", "Bias", "Coverage %", "SE ratio", "z coverage %", "Note")
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [
            cell.ljust(width) if index in (0, 7) else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def render(result: StudyResult, *, title: str) -> str:
    """Truth is the planted value (averaged over replications where it moves with the
    realised scheme effects); SE ratio is the mean reported standard error over the
    empirical standard deviation of the estimate's error; z coverage is what a normal
    interval with the same standard error would have covered (the report's intervals use t)."""
    world = result.world
    lines = [
        title,
        f"{result.replications} replications; {world.n_schemes} schemes "
        f"({world.schemes_per_model} per delivery model), {world.practices_per_scheme} "
        f"practices each, {world.people_per_practice} people per practice; about "
        f"{100 * world.follow_up_rate:.0f}% followed up.",
        "",
        *_format(table_rows(result.scores)),
    ]
    if result.scores_everyone:
        lines += [
            "",
            "The same estimates against everyone with a baseline, not only those followed up "
            "(the bias of losing people who do worse):",
            "",
            *_format(table_rows(result.scores_everyone)),
        ]
    if result.attrition_flagged is not None:
        lines += [
            "",
            f"The attrition check found a baseline difference (p < 0.05) between people with "
            f"and without a follow-up in {100 * result.attrition_flagged:.0f}% of replications.",
        ]
    if result.failures:
        lines += ["", "Estimates that could not be made in some replications:"]
        lines += [f"  {name}: {count}" for name, count in sorted(result.failures.items())]
    return "\n".join(lines)
