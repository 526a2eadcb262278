"""The simulation study: the world plants what it says, coverage is scored correctly, and the
study catches an interval that is too narrow."""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl
import pytest

from linkwork.evaluation.analysis.comparisons import model_comparison_fit
from linkwork.evaluation.simulation.study import (
    Estimate,
    Tally,
    estimates,
    replicate,
    run_study,
    score,
)
from linkwork.evaluation.simulation.table import note_for, render
from linkwork.evaluation.simulation.targets import cells, contrast_targets, descriptive_targets
from linkwork.evaluation.simulation.world import World, draw_effects, draw_people

# A world small enough to replicate in a test.
TINY = World(schemes_per_model=2, practices_per_scheme=2, people_per_practice=15)


def _draw(world: World, seed: int) -> tuple[pl.DataFrame, dict[str, float], dict[str, float]]:
    rng = np.random.default_rng(seed)
    schemes, practices = draw_effects(world, rng)
    frame = draw_people(world, rng, schemes, practices)
    table = cells(world, schemes, practices)
    return (
        frame,
        descriptive_targets(table, responders=True),
        descriptive_targets(table, responders=False),
    )


def test_the_frame_has_the_columns_the_report_analyses() -> None:
    frame, _, _ = _draw(TINY, 1)
    assert frame.height == 8 * 2 * 15
    assert {
        "baseline",
        "follow_up",
        "change",
        "scheme_id",
        "practice_id",
        "model",
        "quintile",
        "deprivation_quintile",
        "age_band",
        "sex",
        "sessions_attended",
    } <= set(frame.columns)
    assert sorted(set(frame["model"].to_list())) == ["1", "2", "3", "4"]
    # Each scheme has one delivery model.
    assert frame.group_by("scheme_id").agg(pl.col("model").n_unique())["model"].max() == 1
    followed = frame["change"].is_not_null().mean()
    assert 0.6 < followed < 0.8  # type: ignore[operator]


def test_with_many_people_the_descriptive_estimates_land_on_their_targets() -> None:
    world = dataclasses.replace(TINY, people_per_practice=3000)
    frame, seen, _ = _draw(world, 2)
    found = {e.name: e for e in estimates(frame, multilevel=False)}
    for name in (
        "paired: all",
        "paired by delivery model: 4",
        "paired by deprivation quintile: 1",
        "sessions: 1",
        "sessions: 3+",
    ):
        assert abs(found[name].estimate - seen[name]) < 3.5 * found[name].std_error, name
        assert found[name].std_error < 0.25
    # The share improved, in percent: a normal tail within each cell, averaged.
    for name in (
        "improved: all",
        "improved by delivery model: 4",
        "improved by deprivation quintile: 1",
        "improved by scheme: Scheme 01",
    ):
        assert abs(found[name].estimate - seen[name]) < 3.5 * found[name].std_error, name
        assert found[name].std_error < 1.5
        assert 20 < seen[name] < 80, name
    # Confounding by need: the crude gradient by sessions is steeper than the planted
    # 1.5 per band, because people with more need attend more and start worse.
    gradient = (seen["sessions: 3+"] - seen["sessions: 1"]) / 2
    assert gradient > world.session_effect + 0.1


def test_missing_not_at_random_biases_the_mean_of_those_followed_up() -> None:
    world = dataclasses.replace(TINY, people_per_practice=3000).with_missing_not_at_random()
    frame, seen, everyone = _draw(world, 3)
    (overall, *_) = estimates(frame, multilevel=False)
    assert seen["paired: all"] > everyone["paired: all"] + 1.0
    assert abs(overall.estimate - seen["paired: all"]) < 3.5 * overall.std_error
    assert overall.low > everyone["paired: all"]
    # The same bias in the share improved, and its target among responders (a bivariate
    # normal probability) is what the complete cases estimate.
    improved = {e.name: e for e in estimates(frame, multilevel=False)}["improved: all"]
    assert seen["improved: all"] > everyone["improved: all"] + 3.0
    assert abs(improved.estimate - seen["improved: all"]) < 3.5 * improved.std_error
    assert improved.low > everyone["improved: all"]


def test_with_many_people_the_multilevel_contrasts_land_on_their_targets() -> None:
    # No scheme or practice differences, so people alone set the precision.
    world = dataclasses.replace(TINY, sd_scheme=0.0, sd_practice=0.0, people_per_practice=200)
    frame, _, _ = _draw(world, 4)
    targets = contrast_targets(world)
    found = {e.name: e for e in estimates(frame)}
    for name in (
        "model 1 vs 3, total effect",
        "model 1 vs 3, at the same sessions",
        "model 4 vs 3, total effect",
        "quintile 1 vs 5",
    ):
        assert abs(found[name].estimate - targets[name]) < 3.5 * found[name].std_error, name
    # The planted difference between the two estimands of model 1: sessions_by_model gives
    # it 0.2 more session steps than model 3, worth 1.5 each.
    assert targets["model 1 vs 3, total effect"] - targets[
        "model 1 vs 3, at the same sessions"
    ] == pytest.approx(0.3)


def test_scoring_a_toy_set_of_intervals() -> None:
    tally = Tally()
    for estimate, low, high in ((1.0, 0.0, 2.0), (3.0, 2.5, 3.5), (2.0, 1.0, 2.0)):
        tally.add(Estimate("toy", estimate, 0.5, low, high), target=2.0)
    result = score("toy", tally)
    assert result.replications == 3
    assert result.coverage == pytest.approx(2 / 3)  # the second misses; the third ends on it
    assert result.bias == pytest.approx(0.0)
    # Errors -1, 1, 0: SD 1, so a reported SE of 0.5 is half what it should be.
    assert result.se_ratio == pytest.approx(0.5)
    assert result.coverage_normal == pytest.approx(1 / 3)  # 1.96 x 0.5 reaches only 0
    assert note_for(result).startswith("interval too narrow")
    assert note_for(dataclasses.replace(result, coverage=0.95)) == ""
    # 92.5% in 200 runs is within two Monte Carlo standard errors (3.1 points) of 95%;
    # 91.5% is not.
    many = dataclasses.replace(result, replications=200, coverage=0.925)
    assert note_for(many).startswith("within the Monte Carlo error of 200 runs (95 +/- 3.1)")
    assert note_for(dataclasses.replace(many, coverage=0.915)).startswith("interval too narrow")


def _halved(estimate: Estimate) -> Estimate:
    half = (estimate.high - estimate.low) / 4
    return dataclasses.replace(
        estimate, low=estimate.estimate - half, high=estimate.estimate + half
    )


def _pooled(pairs: list[tuple[Estimate, float]]) -> tuple[float, float]:
    """Pooled coverage of the shipped intervals and of the same intervals halved."""
    shipped, halved = Tally(), Tally()
    for estimate, target in pairs:
        shipped.add(estimate, target)
        halved.add(_halved(estimate), target)
    return score("shipped", shipped).coverage, score("halved", halved).coverage


@pytest.mark.parametrize("kind", ["paired", "improved"])
def test_the_study_catches_a_descriptive_interval_that_is_too_narrow(kind: str) -> None:
    pairs = [
        (estimate, target)
        for r in range(50)
        for estimate, target, _ in replicate(TINY, 7, r, False).scored
        if estimate.name.startswith(kind)
    ]
    shipped, halved = _pooled(pairs)
    assert shipped > 0.92
    assert halved < 0.80


def test_the_study_catches_a_model_comparison_interval_that_is_too_narrow() -> None:
    world = dataclasses.replace(TINY, schemes_per_model=3)
    targets = contrast_targets(world)
    pairs = []
    for r in range(25):
        frame, _, _ = _draw(world, 100 + r)
        for effect in model_comparison_fit(frame, at_same_sessions=False).effects:
            name = f"model {effect.level} vs 3, total effect"
            estimate = Estimate(
                name, effect.estimate, effect.std_error, effect.ci_low, effect.ci_high
            )
            pairs.append((estimate, targets[name]))
    shipped, halved = _pooled(pairs)
    assert shipped > 0.9
    assert halved < 0.8


def test_the_study_is_reproducible_and_renders_a_table() -> None:
    first = run_study(TINY, replications=3, seed=11, multilevel=False)
    again = run_study(TINY, replications=3, seed=11, multilevel=False)
    assert first.scores == again.scores
    text = render(first, title="Tiny")
    assert text.splitlines()[0] == "Tiny"
    assert "paired: all" in text
    assert "Coverage %" in text
