"""Fitting statsmodels' MixedLM robustly and reproducibly (private to ``mixed.py``)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from statsmodels.regression.mixed_linear_model import MixedLM

from linkwork.stats.errors import InsufficientDataError

__all__ = ["OPTIMISERS", "fit_mixed_model"]

# Deterministic: the same data always go through the same optimisers in the same order.
OPTIMISERS = ("bfgs", "lbfgs", "nm", "powell")


def fit_mixed_model(data: Any, formula: str, *, groups: str, nested: str) -> tuple[Any, bool]:
    """Fit a random intercept for ``groups`` plus a variance component for ``nested`` in it.

    Returns the best usable fit and whether a variance component hit the boundary.

    Each optimiser starts afresh and the usable fit with the highest REML
    log-likelihood wins. Chaining optimisers (statsmodels' own list option) can
    stop at a false optimum: L-BFGS sometimes reports convergence at a point
    whose Hessian is not positive definite, with a visibly lower likelihood.
    """
    failures: dict[str, list[str]] = {}
    best: tuple[float, Any, bool] | None = None
    for method in OPTIMISERS:
        outcome = _fit_once(data, formula, method, groups=groups, nested=nested)
        if isinstance(outcome, str):
            failures.setdefault(outcome, []).append(method)
            continue
        fitted, boundary = outcome
        # Strictly greater, so on a tie the earlier optimiser in the fixed order wins.
        if best is None or float(fitted.llf) > best[0]:
            best = (float(fitted.llf), fitted, boundary)
    if best is None:
        reasons = "; ".join(f"{', '.join(methods)}: {why}" for why, methods in failures.items())
        raise InsufficientDataError(
            f"the mixed model could not be fitted usably ({reasons}); the "
            "data are probably too thin for this model, or a covariate is constant or "
            "duplicates another."
        )
    return best[1], best[2]


def _fit_once(
    data: Any, formula: str, method: str, *, groups: str, nested: str
) -> tuple[Any, bool] | str:
    """One fit with one optimiser: the result and boundary flag, or why it is unusable."""
    model = MixedLM.from_formula(
        formula,
        data=data,
        groups=groups,
        re_formula="1",
        vc_formula={nested: f"0 + C({nested})"},
    )
    with warnings.catch_warnings(record=True) as caught:
        # Record rather than raise, whatever the caller's filters (pytest may turn
        # RuntimeWarning into an error); the outcome is judged on the checks below.
        warnings.simplefilter("always")
        try:
            fitted = model.fit(reml=True, method=method)
        except (np.linalg.LinAlgError, ValueError) as error:
            return f"failed ({error})"
    messages = [str(warning.message) for warning in caught]
    if not bool(fitted.converged):
        return "did not converge"
    standard_errors = np.asarray(fitted.bse_fe, dtype=np.float64)
    if any("not positive definite" in message for message in messages) or not np.all(
        np.isfinite(standard_errors)
    ):
        return "converged to a point with no usable standard errors"
    return fitted, any("boundary" in message for message in messages)
