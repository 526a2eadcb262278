from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import stats

from linkwork.stats import InsufficientDataError, MixedModelResult, delivery_model_comparison
from linkwork.stats.mixed import MIN_SCHEMES

PLANTED = {"hub": 0.0, "embedded": 1.5, "community": 3.0}
SEED = 20251121


def simulate(
    seed: int = SEED,
    *,
    n_schemes: int = 30,
    practices_per_scheme: int = 5,
    people_per_practice: int = 20,
) -> pl.DataFrame:
    """3 delivery models x 10 schemes each; 150 practices; 3,000 people; ~20% lost to follow-up."""
    rng = np.random.default_rng(seed)
    models = np.array(list(PLANTED))
    scheme_model = rng.permutation(np.repeat(models, n_schemes // len(models)))
    scheme_effect = rng.normal(0.0, 1.0, n_schemes)
    practice_effect = rng.normal(0.0, 0.6, n_schemes * practices_per_scheme)
    person_practice = np.repeat(np.arange(n_schemes * practices_per_scheme), people_per_practice)
    person_scheme = person_practice // practices_per_scheme
    n = person_practice.size
    age = rng.integers(18, 90, n).astype(float)
    baseline = rng.normal(40.0, 8.0, n)
    sex = rng.choice(["female", "male"], n)
    model = scheme_model[person_scheme]
    planted = np.array([PLANTED[name] for name in model])
    change = (
        2.0
        + planted
        - 0.3 * (baseline - 40.0)  # regression to the mean
        + 0.02 * (age - 50.0)
        + 0.5 * (sex == "male")
        + scheme_effect[person_scheme]
        + practice_effect[person_practice]
        + rng.normal(0.0, 5.0, n)
    )
    lost = rng.random(n) < 0.2
    return (
        pl.DataFrame(
            {
                "change": change,
                "lost": lost,
                "model": model,
                "scheme": [f"S{s:02d}" for s in person_scheme],
                # Practice codes repeat across schemes: they are unique only within a scheme.
                "practice": [f"P{p % practices_per_scheme}" for p in person_practice],
                "age": age,
                "baseline": baseline,
                "sex": sex,
            }
        )
        .with_columns(
            pl.when(pl.col("lost")).then(None).otherwise(pl.col("change")).alias("change")
        )
        .drop("lost")
    )


def compare(frame: pl.DataFrame, **overrides: object) -> MixedModelResult:
    arguments: dict[str, object] = {
        "outcome_change": "change",
        "group": "model",
        "covariates": ["age", "baseline", "sex"],
        "practice": "practice",
        "scheme": "scheme",
        "reference": "hub",
    }
    arguments.update(overrides)
    return delivery_model_comparison(frame, **arguments)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def planted() -> tuple[pl.DataFrame, MixedModelResult]:
    frame = simulate()
    return frame, compare(frame)


def test_recovers_the_planted_effects(planted: tuple[pl.DataFrame, MixedModelResult]) -> None:
    frame, result = planted
    assert frame.height == 3000
    assert result.converged
    assert result.reference == "hub"
    assert [effect.level for effect in result.effects] == ["community", "embedded"]
    for effect in result.effects:
        truth = PLANTED[effect.level]
        assert effect.ci_low < truth < effect.ci_high, (effect, truth)
        assert effect.ci_low < effect.estimate < effect.ci_high
        # Models differ only between schemes: t on 30 schemes less 3 model parameters.
        assert effect.df == 27
        assert effect.ci_high - effect.ci_low == pytest.approx(
            2 * 2.051831 * effect.std_error, rel=1e-5
        )
    # The planted ordering is visible, and the community model is clearly better than hub.
    community, embedded = result.effects
    assert community.estimate > embedded.estimate > 0
    assert community.ci_low > 0


def test_counts(planted: tuple[pl.DataFrame, MixedModelResult]) -> None:
    frame, result = planted
    followed = frame.filter(pl.col("change").is_not_null())
    assert result.n_people == followed.height
    assert result.n_left_out == 3000 - followed.height
    assert 500 < result.n_left_out < 700  # about 20% lost, as simulated
    assert result.n_schemes == 30
    assert result.n_practices == 150
    by_model = dict(followed.group_by("model").len().iter_rows())
    assert result.n_reference == by_model["hub"]
    assert {effect.level: effect.n_people for effect in result.effects} == {
        "community": by_model["community"],
        "embedded": by_model["embedded"],
    }


def test_variance_components_are_plausible(planted: tuple[pl.DataFrame, MixedModelResult]) -> None:
    _, result = planted
    # Planted: scheme 1.0, practice 0.36, residual 25. Loose bounds: 30 schemes estimate
    # the scheme variance only roughly.
    assert 0.2 < result.scheme_variance < 3.0
    assert 0.0 <= result.practice_variance < 1.5
    assert 22.0 < result.residual_variance < 28.0


def test_a_group_that_varies_within_schemes_gets_the_within_degrees_of_freedom() -> None:
    frame = simulate(5, n_schemes=12, practices_per_scheme=3, people_per_practice=12)
    result = compare(frame, group="sex", reference="female", covariates=["age", "baseline"])
    followed = frame.filter(pl.col("change").is_not_null()).height
    (male,) = result.effects
    # People less the fixed effects: intercept, sex, age and baseline.
    assert male.df == followed - 4
    assert male.ci_high - male.ci_low == pytest.approx(
        2 * stats.t.ppf(0.975, followed - 4) * male.std_error, rel=1e-6
    )


def test_caveats(planted: tuple[pl.DataFrame, MixedModelResult]) -> None:
    _, result = planted
    text = " ".join(result.caveats)
    assert "Observational" in text
    assert f"{result.n_left_out} of 3000 people" in text
    assert "Wald" in text


def test_deterministic() -> None:
    frame = simulate(5, n_schemes=12, practices_per_scheme=3, people_per_practice=12)
    first = compare(frame)
    second = compare(frame.sample(fraction=1.0, shuffle=True, seed=3))
    assert first == compare(frame)
    # Row order does not matter beyond floating-point noise.
    for a, b in zip(first.effects, second.effects, strict=True):
        assert a.estimate == pytest.approx(b.estimate, abs=1e-4)


def test_missing_reference() -> None:
    with pytest.raises(InsufficientDataError, match="reference delivery model 'clinic'"):
        compare(simulate(1, n_schemes=12, people_per_practice=4), reference="clinic")


def test_too_few_schemes() -> None:
    frame = simulate(1, n_schemes=12, people_per_practice=4)
    kept = frame.filter(pl.col("scheme").is_in(["S00", "S01", "S02", "S03"]))
    with pytest.raises(InsufficientDataError, match=f"at least {MIN_SCHEMES}"):
        compare(kept)


def test_model_used_by_only_one_scheme() -> None:
    frame = simulate(1, n_schemes=12, people_per_practice=4)
    community = frame.filter(pl.col("model") == "community").get_column("scheme").unique().sort()
    kept = frame.filter((pl.col("model") != "community") | (pl.col("scheme") == community[0]))
    with pytest.raises(InsufficientDataError, match=r"'community' has \d+ people in 1 scheme"):
        compare(kept)


def test_messages_name_the_groups_as_the_caller_says() -> None:
    """Deprivation quintiles compared the same way are not called delivery models."""
    frame = simulate(1, n_schemes=12, people_per_practice=4)
    community = frame.filter(pl.col("model") == "community").get_column("scheme").unique().sort()
    kept = frame.filter((pl.col("model") != "community") | (pl.col("scheme") == community[0]))
    with pytest.raises(InsufficientDataError, match=r"^deprivation quintile 'community' has"):
        compare(kept, level_name="deprivation quintile")


def test_only_one_model() -> None:
    frame = simulate(1, n_schemes=12, people_per_practice=4).with_columns(model=pl.lit("hub"))
    with pytest.raises(InsufficientDataError, match="nothing to compare"):
        compare(frame)


def test_everyone_lost_to_follow_up_in_a_model() -> None:
    frame = simulate(1, n_schemes=12, people_per_practice=4)
    frame = frame.with_columns(
        pl.when(pl.col("model") == "embedded")
        .then(None)
        .otherwise(pl.col("change"))
        .alias("change")
    )
    # A model with nobody followed up simply drops out of the comparison.
    result = compare(frame)
    assert [effect.level for effect in result.effects] == ["community"]


def test_collinear_covariates_are_refused() -> None:
    frame = simulate(1, n_schemes=12, people_per_practice=4)
    frame = frame.with_columns(age_again=pl.col("age") * 2.0)
    with pytest.raises(InsufficientDataError, match="could not be fitted"):
        compare(frame, covariates=["age", "age_again"])


def test_bad_columns() -> None:
    frame = simulate(1, n_schemes=12, people_per_practice=4)
    with pytest.raises(ValueError, match="not in the data: postcode"):
        compare(frame, covariates=["postcode"])
    with pytest.raises(ValueError, match="must be numeric"):
        compare(frame.with_columns(pl.col("change").cast(pl.String)))
    with pytest.raises(ValueError, match="covariate 'when'"):
        compare(frame.with_columns(when=pl.date(2025, 1, 1)), covariates=["when"])


def test_nan_outcome_counts_as_missing() -> None:
    frame = simulate(1, n_schemes=12, people_per_practice=4)
    frame = frame.with_columns(pl.col("change").fill_null(float("nan")))
    result = compare(frame)
    assert result.n_left_out == frame.filter(pl.col("change").is_nan()).height > 0


def test_boolean_and_categorical_covariates() -> None:
    frame = simulate(1, n_schemes=12, people_per_practice=4).with_columns(
        male=pl.col("sex") == "male", sex_cat=pl.col("sex").cast(pl.Categorical)
    )
    a = compare(frame, covariates=["male"])
    b = compare(frame, covariates=["sex_cat"])
    for x, y in zip(a.effects, b.effects, strict=True):
        assert x.estimate == pytest.approx(y.estimate, abs=1e-4)
