"""The true value of every estimate, from the planted parameters, matched to what each
estimator estimates.

Descriptive estimates (paired change overall and by group, change by sessions attended) are
means of the people the schemes actually serve: conditional on the realised scheme and
practice effects, and not conditional on sessions, need or anything else. Two versions:
``everyone`` (all people with a baseline) and ``responders`` (weighted by each person's
chance of a follow-up, which is what a complete-case mean estimates when follow-ups are
missing not at random; the two coincide when they are missing at random).

Multilevel contrasts are model parameters averaged over schemes (the scheme and practice
effects are random, mean zero):

* delivery model, total effect: delta[m] - delta[3] + tau (p_model[m] - p_model[3]),
  including the extra sessions a model gives;
* delivery model at the same number of sessions: delta[m] - delta[3];
* deprivation quintile q against 5: beta[q] - beta[5] (at the same sessions and model).

Both hold exactly because delivery model and quintile enter the change additively and the
change depends on need only through the baseline and sessions, which are adjusted for."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
from scipy import stats

from linkwork.evaluation.simulation.world import AGE_BANDS, NEED_LEVELS, QUINTILES, World

__all__ = ["Cells", "cells", "contrast_targets", "descriptive_targets"]


class Cells:
    """Every combination of practice, quintile, need and session band: its share of
    people, mean change, and chance of a follow-up."""

    def __init__(self, world: World, schemes: np.ndarray, practices: np.ndarray) -> None:
        rows = []
        by_model = dict(world.sessions_by_model)
        effect = dict(world.model_effect)
        for practice in range(practices.size):
            scheme = practice // world.practices_per_scheme
            model = world.model_of_scheme(scheme)
            for quintile, need, band in itertools.product(QUINTILES, NEED_LEVELS, (0, 1, 2)):
                a, b = world.sessions_by_need[need], by_model[model]
                band_chance = ((1 - a) * (1 - b), a * (1 - b) + (1 - a) * b, a * b)[band]
                share = world.need_by_quintile[quintile - 1][need] * band_chance / 5
                mean = (
                    world.mean_change
                    + effect[model]
                    + world.session_effect * band
                    + world.quintile_effect[quintile - 1]
                    - world.baseline_slope * world.need_baseline_drop * need
                    + schemes[scheme]
                    + practices[practice]
                )
                rows.append((scheme, model, quintile, band, share, mean))
        self.scheme = np.array([r[0] for r in rows])
        self.model = np.array([r[1] for r in rows])
        self.quintile = np.array([r[2] for r in rows])
        self.band = np.array([r[3] for r in rows])
        self.share = np.array([r[4] for r in rows])
        self.mean = np.array([r[5] for r in rows])
        # Probit selection on a normal change: P(seen) = Phi(k) and the mean of those seen
        # is mu + slope sd^2 phi(k) / (Phi(k) sqrt(1 + slope^2 sd^2)).
        slope, sd = world.missing_slope, world.within_cell_sd
        root = np.sqrt(1 + slope**2 * sd**2)
        k = (world.observed_probit_intercept() + slope * (self.mean - world.mean_change)) / root
        self.seen = stats.norm.cdf(k)
        self.seen_mean = self.mean + slope * sd**2 * stats.norm.pdf(k) / (self.seen * root)

    def mean_of(self, mask: np.ndarray, *, responders: bool) -> float:
        if responders:
            weight = self.share[mask] * self.seen[mask]
            return float(np.sum(weight * self.seen_mean[mask]) / np.sum(weight))
        return float(np.sum(self.share[mask] * self.mean[mask]) / np.sum(self.share[mask]))


def cells(world: World, schemes: np.ndarray, practices: np.ndarray) -> Cells:
    return Cells(world, schemes, practices)


def descriptive_targets(table: Cells, *, responders: bool) -> dict[str, float]:
    """Keyed as the study names estimates: "paired: all", "paired by model: 1", ...
    Sex and age have no effect and are independent of everything, so their groups share
    the overall target."""
    everyone = np.ones(table.share.size, dtype=bool)
    mean: Callable[[np.ndarray], float] = lambda mask: table.mean_of(mask, responders=responders)  # noqa: E731
    overall = mean(everyone)
    targets = {"paired: all": overall}
    for scheme in np.unique(table.scheme):
        targets[f"paired by scheme: Scheme {scheme + 1:02d}"] = mean(table.scheme == scheme)
    for model in np.unique(table.model):
        targets[f"paired by delivery model: {model}"] = mean(table.model == model)
    for quintile in QUINTILES:
        targets[f"paired by deprivation quintile: {quintile}"] = mean(table.quintile == quintile)
    for sex in ("female", "male"):
        targets[f"paired by sex: {sex}"] = overall
    for band in AGE_BANDS:
        targets[f"paired by age band: {band}"] = overall
    for index, label in enumerate(("1", "2", "3+")):
        targets[f"sessions: {label}"] = mean(table.band == index)
    return targets


def contrast_targets(world: World) -> dict[str, float]:
    effect = dict(world.model_effect)
    sessions = dict(world.sessions_by_model)
    targets = {}
    for model in world.models:
        if model == "3":
            continue
        direct = effect[model] - effect["3"]
        via_sessions = world.session_effect * (sessions[model] - sessions["3"])
        targets[f"model {model} vs 3, total effect"] = direct + via_sessions
        targets[f"model {model} vs 3, at the same sessions"] = direct
    for quintile in QUINTILES[:-1]:
        targets[f"quintile {quintile} vs 5"] = (
            world.quintile_effect[quintile - 1] - world.quintile_effect[-1]
        )
    return targets
