"""A simulated world of schemes, practices and people, and one draw of its evaluation data.

For person i in practice p of scheme s with delivery model m, deprivation quintile q, need
level h (0, 1 or 2) and session band k (0, 1, 2 for 1, 2, 3+ sessions)::

    baseline  B = mu_B - lambda h + e_B                     e_B ~ N(0, sd_B)
    k         = Bernoulli(p_need[h]) + Bernoulli(p_model[m])
    change    C = mu_C + delta[m] + tau k + beta[q] + gamma (B - mu_B) + u_s + v_p + e
                                          u_s ~ N(0, sd_scheme), v_p ~ N(0, sd_practice),
                                          e ~ N(0, sd_error), all independent
    follow-up observed with probability Phi(alpha + beta_missing (C - mu_C))
    improved  C >= mic  (the share improved, published beside the mean change)

Need drives both sessions (more need, more sessions) and the baseline (more need, worse
baseline); with gamma < 0 people who start worse improve more (regression to the mean), so
the crude gradient by sessions is confounded by need. Deprived quintiles have more need.
With beta_missing > 0 people doing worse lose their follow-up more often: missing not at
random. Every term is a discrete cell plus normal noise, so every target in ``targets.py`` is
exact."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import polars as pl
from scipy import stats

__all__ = ["INSTRUMENT", "World", "draw_effects", "draw_people"]

INSTRUMENT = "simulated"
AGE_BANDS = ("25-34", "45-54", "65-74")
NEED_LEVELS = (0, 1, 2)
QUINTILES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class World:
    """The planted parameters. Delivery model "3" is the reference, as in the report."""

    models: tuple[str, ...] = ("1", "2", "3", "4")
    schemes_per_model: int = 3
    practices_per_scheme: int = 3
    people_per_practice: int = 24
    mean_baseline: float = 45.0
    need_baseline_drop: float = 4.0
    sd_baseline: float = 7.0
    # P(need level 0, 1, 2) in quintiles 1 (most deprived) to 5.
    need_by_quintile: tuple[tuple[float, float, float], ...] = (
        (0.2, 0.4, 0.4),
        (0.25, 0.4, 0.35),
        (0.3, 0.4, 0.3),
        (0.35, 0.4, 0.25),
        (0.4, 0.4, 0.2),
    )
    # Chance of the extra session step from need, and from the model's way of working.
    sessions_by_need: tuple[float, float, float] = (0.2, 0.5, 0.8)
    sessions_by_model: tuple[tuple[str, float], ...] = (
        ("1", 0.6),
        ("2", 0.3),
        ("3", 0.4),
        ("4", 0.5),
    )
    mean_change: float = 3.0
    model_effect: tuple[tuple[str, float], ...] = (("1", 0.0), ("2", 1.0), ("3", 0.0), ("4", 2.0))
    session_effect: float = 1.5
    quintile_effect: tuple[float, float, float, float, float] = (-1.5, -1.0, -0.5, -0.25, 0.0)
    baseline_slope: float = -0.3
    sd_scheme: float = 1.5
    sd_practice: float = 1.0
    sd_error: float = 6.0
    follow_up_rate: float = 0.7
    # Probit slope of having a follow-up on the change; 0 is missing completely at random.
    missing_slope: float = 0.0
    # The minimal important change of the simulated measure: a change of at least this counts
    # as improved. Near the typical change, so the shares are far from 0 and 100%.
    mic: float = 5.0
    first_day: date = field(default=date(2025, 1, 6))

    def with_missing_not_at_random(self, slope: float = 0.15) -> World:
        return replace(self, missing_slope=slope)

    @property
    def n_schemes(self) -> int:
        return len(self.models) * self.schemes_per_model

    @property
    def within_cell_sd(self) -> float:
        """SD of change among people who share practice, need, sessions and quintile."""
        return float(np.hypot(self.baseline_slope * self.sd_baseline, self.sd_error))

    def model_of_scheme(self, scheme: int) -> str:
        return self.models[scheme % len(self.models)]

    def observed_probit_intercept(self) -> float:
        # Chosen so that, ignoring scheme differences, about follow_up_rate are observed.
        return float(stats.norm.ppf(self.follow_up_rate))


def draw_effects(world: World, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The realised scheme and practice random intercepts (practice index s * P + j)."""
    schemes = rng.normal(0.0, world.sd_scheme, world.n_schemes)
    practices = rng.normal(0.0, world.sd_practice, world.n_schemes * world.practices_per_scheme)
    return schemes, practices


def draw_people(
    world: World, rng: np.random.Generator, schemes: np.ndarray, practices: np.ndarray
) -> pl.DataFrame:
    """One person per row in the shape ``paired_frame`` gives (change null where the
    follow-up is missing)."""
    n_practices = world.n_schemes * world.practices_per_scheme
    practice = np.repeat(np.arange(n_practices), world.people_per_practice)
    scheme = practice // world.practices_per_scheme
    n = practice.size
    model = np.array([world.model_of_scheme(s) for s in range(world.n_schemes)])[scheme]
    quintile = rng.integers(1, 6, n)
    need_table = np.asarray(world.need_by_quintile)[quintile - 1]
    need = (rng.random(n)[:, None] > np.cumsum(need_table, axis=1)).sum(axis=1)
    need = np.minimum(need, 2)
    by_model = dict(world.sessions_by_model)
    step_model = rng.random(n) < np.array([by_model[m] for m in model])
    step_need = rng.random(n) < np.asarray(world.sessions_by_need)[need]
    band = step_model.astype(int) + step_need.astype(int)
    sessions = np.where(band == 2, rng.integers(3, 7, n), band + 1)
    baseline_gap = -world.need_baseline_drop * need + rng.normal(0.0, world.sd_baseline, n)
    effect = dict(world.model_effect)
    change = (
        world.mean_change
        + np.array([effect[m] for m in model])
        + world.session_effect * band
        + np.asarray(world.quintile_effect)[quintile - 1]
        + world.baseline_slope * baseline_gap
        + schemes[scheme]
        + practices[practice]
        + rng.normal(0.0, world.sd_error, n)
    )
    seen = rng.random(n) < stats.norm.cdf(
        world.observed_probit_intercept() + world.missing_slope * (change - world.mean_change)
    )
    baseline = world.mean_baseline + baseline_gap
    follow_up = np.where(seen, baseline + change, np.nan)
    return pl.DataFrame(
        {
            "referral_id": [f"r{i}" for i in range(n)],
            "instrument_id": INSTRUMENT,
            "baseline_on": world.first_day,
            "baseline": baseline,
            "follow_up": follow_up,
            "follow_up_timepoint": ["follow_up" if s else None for s in seen],
            "person": [f"p{i}" for i in range(n)],
            "scheme_id": [f"s{s:02d}" for s in scheme],
            "scheme_name": [f"Scheme {s + 1:02d}" for s in scheme],
            "practice_id": [f"s{s:02d}p{p}" for s, p in zip(scheme, practice, strict=True)],
            "region": "Simulated region",
            "model": model,
            "quintile": quintile.astype(str),
            "deprivation_quintile": quintile,
            "ethnicity_group": "Not recorded",
            "age_band": rng.choice(np.asarray(AGE_BANDS), n),
            "sex": rng.choice(np.asarray(["female", "male"]), n),
            "sessions_attended": sessions,
        },
        nan_to_null=True,
    ).with_columns((pl.col("follow_up") - pl.col("baseline")).alias("change"))
