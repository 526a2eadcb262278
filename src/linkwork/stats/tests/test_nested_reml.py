"""The closed-form REML fit agrees with statsmodels' MixedLM on the same nested model."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from statsmodels.regression.mixed_linear_model import MixedLM

from linkwork.stats._nested_reml import NestedFitError, fit_nested_reml


def nested_data(
    seed: int,
    *,
    schemes: int = 12,
    practices: int = 4,
    people: int = 10,
    scheme_sd: float = 1.0,
    practice_sd: float = 0.6,
    unbalanced: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Outcome, design (intercept, a scheme-level group, a person-level covariate), scheme and
    practice codes. Unbalanced data have 1 to 7 practices of 1 to 19 people: many singletons.
    """
    rng = np.random.default_rng(seed)
    scheme_codes, practice_codes, effects = [], [], []
    practice_code = 0
    for scheme in range(schemes):
        scheme_effect = rng.normal(0.0, scheme_sd)
        for _ in range(int(rng.integers(1, 2 * practices)) if unbalanced else practices):
            practice_effect = rng.normal(0.0, practice_sd)
            size = int(rng.integers(1, 2 * people)) if unbalanced else people
            scheme_codes += [scheme] * size
            practice_codes += [practice_code] * size
            effects += [scheme_effect + practice_effect] * size
            practice_code += 1
    scheme_array = np.array(scheme_codes)
    n = scheme_array.size
    covariate = rng.normal(size=n)
    group = (scheme_array % 3 == 1).astype(float)
    y = 1.0 + 0.5 * covariate + group + np.array(effects) + rng.normal(0.0, 2.0, n)
    design = np.column_stack([np.ones(n), group, covariate])
    return y, design, scheme_array, np.array(practice_codes)


def statsmodels_fit(y: np.ndarray, x: np.ndarray, scheme: np.ndarray, practice: np.ndarray) -> Any:
    frame = pd.DataFrame({"y": y, "g": x[:, 1], "c": x[:, 2], "s": scheme, "p": practice})
    model = MixedLM.from_formula(
        "y ~ g + c", data=frame, groups="s", re_formula="1", vc_formula={"p": "0 + C(p)"}
    )
    best = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for method in ("bfgs", "lbfgs", "nm", "powell"):
            fitted = model.fit(reml=True, method=method)
            if fitted.converged and (best is None or fitted.llf > best.llf):
                best = fitted
    assert best is not None
    return best


CASES = {
    "balanced": {"seed": 1},
    "unbalanced with singleton practices": {"seed": 2, "unbalanced": True},
    "small practice variance": {"seed": 3, "practice_sd": 0.0},
    "scheme variance on the boundary": {"seed": 4, "scheme_sd": 0.0, "unbalanced": True},
}


@pytest.mark.parametrize("case", list(CASES))
def test_agrees_with_statsmodels(case: str) -> None:
    y, x, scheme, practice = nested_data(**CASES[case])  # type: ignore[arg-type]
    ours = fit_nested_reml(y, x, scheme=scheme, practice=practice)
    reference = statsmodels_fit(y, x, scheme, practice)
    assert ours.converged
    np.testing.assert_allclose(ours.params, reference.fe_params.to_numpy(), rtol=1e-4)
    np.testing.assert_allclose(ours.std_errors, reference.bse_fe.to_numpy(), rtol=1e-4)
    # Never a worse optimum than statsmodels', and no better than its rounding.
    assert ours.llf == pytest.approx(reference.llf, rel=1e-9, abs=1e-6)
    assert ours.llf >= reference.llf - 1e-7
    assert ours.residual_variance == pytest.approx(reference.scale, rel=1e-4)
    assert ours.practice_variance == pytest.approx(float(reference.vcomp[0]), rel=1e-3, abs=1e-4)
    assert ours.scheme_variance == pytest.approx(
        float(np.asarray(reference.cov_re)[0, 0]), rel=1e-3, abs=1e-4
    )


def test_boundary_is_flagged() -> None:
    y, x, scheme, practice = nested_data(**CASES["scheme variance on the boundary"])  # type: ignore[arg-type]
    assert fit_nested_reml(y, x, scheme=scheme, practice=practice).boundary
    y, x, scheme, practice = nested_data(1)
    assert not fit_nested_reml(y, x, scheme=scheme, practice=practice).boundary


def test_row_order_and_labels_do_not_matter() -> None:
    y, x, scheme, practice = nested_data(2, unbalanced=True)
    first = fit_nested_reml(y, x, scheme=scheme, practice=practice)
    order = np.random.default_rng(0).permutation(y.size)
    second = fit_nested_reml(
        y[order], x[order], scheme=100 - scheme[order], practice=practice[order] * 7 + 3
    )
    np.testing.assert_allclose(first.params, second.params, rtol=1e-6)
    np.testing.assert_allclose(first.std_errors, second.std_errors, rtol=1e-5)


def test_collinear_columns_are_refused() -> None:
    y, x, scheme, practice = nested_data(1)
    with pytest.raises(NestedFitError, match="constant or duplicates"):
        fit_nested_reml(y, np.column_stack([x, 2.0 * x[:, 2]]), scheme=scheme, practice=practice)


def test_a_practice_in_two_schemes_is_refused() -> None:
    y, x, scheme, practice = nested_data(1)
    practice = practice.copy()
    practice[0] = practice[-1]
    with pytest.raises(NestedFitError, match="more than one scheme"):
        fit_nested_reml(y, x, scheme=scheme, practice=practice)


def test_falls_back_only_when_the_first_optimiser_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from scipy import optimize

    y, x, scheme, practice = nested_data(1)
    assert fit_nested_reml(y, x, scheme=scheme, practice=practice).method == "lbfgsb"
    real = optimize.minimize
    methods: list[str] = []

    def failing_lbfgsb(*args: Any, **kwargs: Any) -> Any:
        methods.append(kwargs["method"])
        result = real(*args, **kwargs)
        if kwargs["method"] == "L-BFGS-B":
            result.success = False
        return result

    monkeypatch.setattr(optimize, "minimize", failing_lbfgsb)
    fallback = fit_nested_reml(y, x, scheme=scheme, practice=practice)
    assert methods == ["L-BFGS-B", "Powell"]
    assert fallback.method == "powell"
    reference = statsmodels_fit(y, x, scheme, practice)
    np.testing.assert_allclose(fallback.params, reference.fe_params.to_numpy(), rtol=1e-4)
