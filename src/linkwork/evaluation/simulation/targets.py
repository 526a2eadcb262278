"""The true value of every estimate, from the planted parameters, matched to what each
estimator estimates.

Descriptive estimates (paired change overall and by group, change by sessions attended) are
means of the people the schemes actually serve: conditional on the realised scheme and
practice effects, and not conditional on sessions, need or anything else. Two versions:
``everyone`` (all people with a baseline) and ``responders`` (weighted by each person's
chance of a follow-up, which is what a complete-case mean estimates when follow-ups are
missing not at random; the two coincide when they are missing at random). The share improved
(a change of at least the measure's minimal important change) is a mean too, of an indicator,
in percent: within a cell the change is normal, so its chance is a normal tail, and among
responders a bivariate normal probability (the follow-up's probit and the change are
correlated).

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
from functools import partial

import numpy as np
from scipy import stats

from linkwork.evaluation.simulation.world import AGE_BANDS, NEED_LEVELS, QUINTILES, World

__all__ = ["Cells", "cells", "contrast_targets", "descriptive_targets"]


class Cells:
    """Every combination of practice, quintile, need and session band: its share of
    people, mean change, chance of a follow-up and chance of improving."""

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
        # Improved: C >= mic, i.e. -(C - mean) / sd <= (mean - mic) / sd. Seen: the probit's
        # latent W = U - slope (C - mean) over root is at most k; the two standardised
        # variables correlate by slope sd / root.
        z = (self.mean - world.mic) / sd
        self.improved = stats.norm.cdf(z)
        rho = slope * sd / root
        if rho == 0:
            seen_and_improved = self.seen * self.improved
        else:
            both = stats.multivariate_normal(mean=[0.0, 0.0], cov=[[1.0, rho], [rho, 1.0]])
            seen_and_improved = np.atleast_1d(both.cdf(np.column_stack([k, z])))
        self.seen_improved = seen_and_improved / self.seen

    def mean_of(self, mask: np.ndarray, *, responders: bool) -> float:
        return self._average(self.mean, self.seen_mean, mask, responders=responders)

    def improved_percent_of(self, mask: np.ndarray, *, responders: bool) -> float:
        return 100 * self._average(self.improved, self.seen_improved, mask, responders=responders)

    def _average(
        self, everyone: np.ndarray, seen: np.ndarray, mask: np.ndarray, *, responders: bool
    ) -> float:
        if responders:
            weight = self.share[mask] * self.seen[mask]
            return float(np.sum(weight * seen[mask]) / np.sum(weight))
        return float(np.sum(self.share[mask] * everyone[mask]) / np.sum(self.share[mask]))


def cells(world: World, schemes: np.ndarray, practices: np.ndarray) -> Cells:
    return Cells(world, schemes, practices)


def descriptive_targets(table: Cells, *, responders: bool) -> dict[str, float]:
    """Keyed as the study names estimates: "paired: all", "paired by model: 1", "improved
    by scheme: Scheme 01", ... Sex and age have no effect and are independent of
    everything, so their groups share the overall target."""
    targets: dict[str, float] = {}
    for prefix, of in (
        ("paired", table.mean_of),
        ("improved", table.improved_percent_of),
    ):
        targets |= _by_group(prefix, partial(of, responders=responders), table)
    for index, label in enumerate(("1", "2", "3+")):
        targets[f"sessions: {label}"] = table.mean_of(table.band == index, responders=responders)
    return targets


def _by_group(
    prefix: str, statistic: Callable[[np.ndarray], float], table: Cells
) -> dict[str, float]:
    overall = statistic(np.ones(table.share.size, dtype=bool))
    targets = {f"{prefix}: all": overall}
    for scheme in np.unique(table.scheme):
        targets[f"{prefix} by scheme: Scheme {scheme + 1:02d}"] = statistic(table.scheme == scheme)
    for model in np.unique(table.model):
        targets[f"{prefix} by delivery model: {model}"] = statistic(table.model == model)
    for quintile in QUINTILES:
        targets[f"{prefix} by deprivation quintile: {quintile}"] = statistic(
            table.quintile == quintile
        )
    for sex in ("female", "male"):
        targets[f"{prefix} by sex: {sex}"] = overall
    for band in AGE_BANDS:
        targets[f"{prefix} by age band: {band}"] = overall
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
