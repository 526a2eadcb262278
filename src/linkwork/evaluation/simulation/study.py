"""Replicate a simulated world many times, estimate everything the report publishes with the
report's own functions, and score each interval against the planted truth."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from linkwork.evaluation.analysis.comparisons import deprivation_fit, model_comparison_fit
from linkwork.evaluation.analysis.outcomes import attrition
from linkwork.evaluation.simulation.targets import cells, contrast_targets, descriptive_targets
from linkwork.evaluation.simulation.world import World, draw_effects, draw_people
from linkwork.stats import InsufficientDataError, change_by_sessions, paired_change
from linkwork.stats.paired import share_improved
from linkwork.stats.results import MixedModelResult

__all__ = [
    "Estimate",
    "Replication",
    "Score",
    "StudyResult",
    "Tally",
    "estimates",
    "replicate",
    "run_study",
    "score",
]

# The report's breakdowns that the simulated world fills (one region, ethnicity unrecorded).
BREAKDOWNS = (
    ("scheme_name", "scheme"),
    ("model", "delivery model"),
    ("quintile", "deprivation quintile"),
    ("sex", "sex"),
    ("age_band", "age band"),
)


Z_95 = 1.959964


@dataclass(frozen=True)
class Estimate:
    name: str
    estimate: float
    std_error: float
    low: float
    high: float


@dataclass(frozen=True)
class Score:
    """How one estimate did over the replications."""

    name: str
    replications: int
    target: float
    bias: float
    coverage: float
    se_ratio: float
    # What a normal (z) interval with the same standard error would have covered.
    coverage_normal: float

    @property
    def coverage_mc_error(self) -> float:
        """Monte Carlo standard error of the coverage, from the number of replications."""
        return math.sqrt(self.coverage * (1 - self.coverage) / max(self.replications, 1))


@dataclass
class StudyResult:
    world: World
    replications: int
    scores: list[Score]
    # Against everyone, when follow-ups are missing not at random (else empty).
    scores_everyone: list[Score] = field(default_factory=list)
    attrition_flagged: float | None = None
    failures: dict[str, int] = field(default_factory=dict)


def _paired(name: str, pairs: pl.DataFrame) -> Estimate:
    # The same call as the report's summary (outcomes._summary).
    result = paired_change(pairs["baseline"].to_list(), pairs["follow_up"].to_list())
    se = result.sd_change / math.sqrt(result.n)
    return Estimate(name, result.mean_change, se, result.ci_low, result.ci_high)


def _improved(name: str, pairs: pl.DataFrame, mic: float) -> Estimate:
    # The same call as the report's summary; in percent, as the report shows it. The
    # reported SE is the binomial one the Wilson interval is built around.
    result = share_improved(pairs["change"].to_list(), mic=mic, higher_is_better=True)
    p = result.proportion
    se = math.sqrt(p * (1 - p) / pairs.height)
    return Estimate(name, 100 * p, 100 * se, 100 * result.low, 100 * result.high)


def _effects(prefix: str, suffix: str, result: MixedModelResult) -> Iterator[Estimate]:
    for e in result.effects:
        name = f"{prefix} {e.level} vs {result.reference}{suffix}"
        yield Estimate(name, e.estimate, e.std_error, e.ci_low, e.ci_high)


def estimates(
    frame: pl.DataFrame,
    *,
    mic: float = World.mic,
    multilevel: bool = True,
    failures: dict[str, int] | None = None,
) -> list[Estimate]:
    """Every published estimate of one simulated data set, by the report's own functions:
    the mean change and the share improved, overall and by group, the change by sessions
    and the multilevel contrasts."""
    failures = failures if failures is not None else {}
    pairs = frame.filter(pl.col("change").is_not_null())
    out = [_paired("paired: all", pairs), _improved("improved: all", pairs, mic)]
    for column, label in BREAKDOWNS:
        for (value,), group in pairs.group_by(column):
            name = f"paired by {label}: {value}"
            try:
                out.append(_paired(name, group))
            except InsufficientDataError:
                failures[name] = failures.get(name, 0) + 1
            out.append(_improved(f"improved by {label}: {value}", group, mic))
    for band in change_by_sessions(pairs, change="change", sessions="sessions_attended"):
        if band.n >= 2 and band.mean_change is not None and band.sd_change is not None:
            assert band.ci_low is not None
            assert band.ci_high is not None
            se = band.sd_change / math.sqrt(band.n)
            out.append(
                Estimate(f"sessions: {band.label}", band.mean_change, se, band.ci_low, band.ci_high)
            )
    if not multilevel:
        return out
    fits: list[tuple[str, str, Callable[[], MixedModelResult]]] = [
        ("model", ", total effect", lambda: model_comparison_fit(frame, at_same_sessions=False)),
        (
            "model",
            ", at the same sessions",
            lambda: model_comparison_fit(frame, at_same_sessions=True),
        ),
        ("quintile", "", lambda: deprivation_fit(frame)),
    ]
    for prefix, suffix, fit in fits:
        try:
            out.extend(_effects(prefix, suffix, fit()))
        except InsufficientDataError:
            key = f"{prefix}{suffix}"
            failures[key] = failures.get(key, 0) + 1
    return out


@dataclass
class Tally:
    estimate: list[float] = field(default_factory=list)
    std_error: list[float] = field(default_factory=list)
    covered: list[bool] = field(default_factory=list)
    error: list[float] = field(default_factory=list)
    target: list[float] = field(default_factory=list)

    def add(self, estimate: Estimate, target: float) -> None:
        self.estimate.append(estimate.estimate)
        self.std_error.append(estimate.std_error)
        self.covered.append(estimate.low <= target <= estimate.high)
        self.error.append(estimate.estimate - target)
        self.target.append(target)


def score(name: str, tally: Tally) -> Score:
    """Coverage of the intervals, bias, and mean reported SE over the empirical SD of the
    estimate's error (estimate minus its own replication's target, since descriptive targets
    move with the realised scheme effects)."""
    errors = np.asarray(tally.error)
    spread = float(np.std(errors, ddof=1)) if errors.size > 1 else float("nan")
    return Score(
        name=name,
        replications=errors.size,
        target=float(np.mean(tally.target)),
        bias=float(np.mean(errors)),
        coverage=float(np.mean(tally.covered)),
        se_ratio=float(np.mean(tally.std_error)) / spread if spread > 0 else float("nan"),
        coverage_normal=float(np.mean(np.abs(errors) <= Z_95 * np.asarray(tally.std_error))),
    )


@dataclass(frozen=True)
class Replication:
    scored: list[tuple[Estimate, float, float]]
    flagged: bool
    failures: dict[str, int]


def replicate(world: World, seed: int, replication: int, multilevel: bool) -> Replication:
    rng = np.random.default_rng([seed, replication])
    schemes, practices = draw_effects(world, rng)
    frame = draw_people(world, rng, schemes, practices)
    table = cells(world, schemes, practices)
    contrasts = contrast_targets(world)
    seen = {**descriptive_targets(table, responders=True), **contrasts}
    everyone = {**descriptive_targets(table, responders=False), **contrasts}
    failures: dict[str, int] = {}
    scored = [
        (estimate, seen[estimate.name], everyone[estimate.name])
        for estimate in estimates(frame, mic=world.mic, multilevel=multilevel, failures=failures)
    ]
    # The report's attrition check flags a baseline difference between people with and
    # without a follow-up.
    flagged = attrition(frame).get("baseline_p_value", 1.0) < 0.05
    return Replication(scored, flagged, failures)


def run_study(
    world: World,
    *,
    replications: int,
    seed: int,
    multilevel: bool = True,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> StudyResult:
    """Replication r draws from ``default_rng([seed, r])``: the same seed gives the same
    figures however many worker processes share the work, and any replication can be rerun
    alone. When follow-ups are missing not at random, ``scores`` are against the responders'
    targets (what a complete-case estimate estimates) and ``scores_everyone`` against
    everyone's (the bias attrition causes)."""
    responders: dict[str, Tally] = {}
    everyone: dict[str, Tally] = {}
    failures: dict[str, int] = {}
    flagged = 0
    with ExitStack() as stack:
        if workers > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            mapper: Callable[..., Iterator[Replication]] = pool.map
        else:
            mapper = map
        results = mapper(
            replicate,
            *zip(*[(world, seed, r, multilevel) for r in range(replications)], strict=True),
        )
        for done, result in enumerate(results, start=1):
            for estimate, target_seen, target_all in result.scored:
                responders.setdefault(estimate.name, Tally()).add(estimate, target_seen)
                everyone.setdefault(estimate.name, Tally()).add(estimate, target_all)
            for name, count in result.failures.items():
                failures[name] = failures.get(name, 0) + count
            flagged += int(result.flagged)
            if progress is not None:
                progress(done)
    mnar = world.missing_slope != 0
    return StudyResult(
        world=world,
        replications=replications,
        scores=[score(name, tally) for name, tally in sorted(responders.items())],
        scores_everyone=(
            [score(name, tally) for name, tally in sorted(everyone.items())] if mnar else []
        ),
        attrition_flagged=flagged / replications if replications else None,
        failures=failures,
    )
