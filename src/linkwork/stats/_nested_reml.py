"""REML for the two-level nested random-intercept linear model, in closed form (no Django).

For people i in practice j of scheme g::

    y = X b + u_g + v_j + e,   u ~ N(0, s2 * gs),  v ~ N(0, s2 * gp),  e ~ N(0, s2)

so within a scheme V_g = s2 * H_g with H_g = I + gp Z_p Z_p' + gs 11' (Z_p the practice
indicators). H_g is block compound symmetric, and two Woodbury steps (first per practice,
then per scheme) give, with n_j the size of practice j, a_j = 1 / (1 + gp n_j),
S_j(u) the sum of u over practice j and T_g(u) = sum_j a_j S_j(u)::

    u' H^-1 v = u'v - sum_j gp a_j S_j(u) S_j(v) - sum_g d_g T_g(u) T_g(v)
    log |H|   = sum_j log(1 + gp n_j) + sum_g log(1 + gs W_g)

where W_g = sum_j n_j a_j and d_g = gs / (1 + gs W_g). So after one pass over the rows
(the cross-products of [X y] and their sums per practice), each evaluation of the REML
profile likelihood costs O(practices x columns^2), whatever the number of people, and no
dense n x n matrix or column per practice is ever formed.

The residual variance s2 is profiled out; the two variance ratios are optimised as square
roots (the relative standard deviations, as lme4 does), where the boundary at zero is an
ordinary bound and the likelihood is smooth through it.

References
----------
Harville DA. Maximum likelihood approaches to variance component estimation and to related
problems. JASA 1977;72:320-338.
Bates D, Maechler M, Bolker B, Walker S. Fitting linear mixed-effects models using lme4.
J Stat Softw 2015;67(1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

__all__ = ["BOUNDARY_VARIANCE", "NestedFit", "NestedFitError", "fit_nested_reml"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

# The rule statsmodels' MixedLM uses to warn of the boundary, kept so the caveat appears
# for the same data as before.
BOUNDARY_VARIANCE = 0.01
_GRADIENT_TOLERANCE = 1e-9
# Relative condition number beyond which the fixed effects are not identified.
_COLLINEAR = 1e-10


class NestedFitError(ValueError):
    """The model cannot be fitted to these data; the message says why."""


@dataclass(frozen=True)
class NestedFit:
    """A REML fit: fixed effects in the columns' order and their covariance."""

    params: FloatArray
    cov_params: FloatArray
    scheme_variance: float
    practice_variance: float
    residual_variance: float
    llf: float
    boundary: bool
    converged: bool
    method: str

    @property
    def std_errors(self) -> FloatArray:
        return np.sqrt(np.diag(self.cov_params))


@dataclass(frozen=True)
class _Profile:
    """What one pass over the rows leaves: enough for every likelihood evaluation."""

    cross: FloatArray  # [X y]'[X y]
    sums: FloatArray  # per practice, the column sums of [X y]; practices in scheme order
    sizes: FloatArray  # people per practice
    starts: IntArray  # where each scheme's practices start in `sums`
    n: int
    p: int

    def solve(self, ratios: FloatArray) -> tuple[float, FloatArray, FloatArray, float]:
        """-2 x REML log-likelihood up to its constant, fixed effects, X'H^-1X and s2, at the
        variance ratios (scheme, practice) to the residual variance."""
        gs, gp = float(ratios[0]), float(ratios[1])
        quad, logdet_h = self._quadratic(gs, gp)
        p = self.p
        xhx = (quad[:p, :p] + quad[:p, :p].T) / 2.0
        try:
            chol = np.linalg.cholesky(xhx)
        except np.linalg.LinAlgError as error:
            raise NestedFitError("the fixed effects are not identified") from error
        beta = np.linalg.solve(xhx, quad[:p, p])
        residual = float(quad[p, p] - quad[:p, p] @ beta)
        dof = self.n - p
        if not residual > 0.0:
            raise NestedFitError("the model fits the data exactly, leaving no residual")
        logdet_x = 2.0 * float(np.sum(np.log(np.diag(chol))))
        deviance = logdet_h + logdet_x + dof * float(np.log(residual))
        return deviance, np.asarray(beta, dtype=np.float64), xhx, residual / dof

    def _quadratic(self, gs: float, gp: float) -> tuple[FloatArray, float]:
        """[X y]' H^-1 [X y] and log |H|."""
        a = 1.0 / (1.0 + gp * self.sizes)
        weighted = self.sums * a[:, None]
        by_scheme = np.add.reduceat(weighted, self.starts, axis=0)
        w = np.add.reduceat(self.sizes * a, self.starts)
        d = gs / (1.0 + gs * w)
        quad = self.cross - gp * (weighted.T @ self.sums) - (by_scheme * d[:, None]).T @ by_scheme
        logdet_h = float(np.sum(np.log1p(gp * self.sizes)) + np.sum(np.log1p(gs * w)))
        return quad, logdet_h

    def unit_sums(self, gs: float, gp: float) -> tuple[FloatArray, FloatArray]:
        """1_u' H^-1 [X y] for each scheme and each practice u: the pieces of X'H^-1 dH H^-1 r."""
        a = 1.0 / (1.0 + gp * self.sizes)
        by_scheme = np.add.reduceat(self.sums * a[:, None], self.starts, axis=0)
        w = np.add.reduceat(self.sizes * a, self.starts)
        d = gs / (1.0 + gs * w)
        scheme_of = np.repeat(np.arange(self.starts.size), np.diff(np.r_[self.starts, a.size]))
        practice = a[:, None] * (
            self.sums - (d[scheme_of] * self.sizes)[:, None] * by_scheme[scheme_of]
        )
        return by_scheme / (1.0 + gs * w)[:, None], practice

    def llf(self, deviance: float) -> float:
        dof = self.n - self.p
        return float(-0.5 * (deviance + dof * np.log(2 * np.pi) - dof * np.log(dof) + dof))


def _profile(y: FloatArray, x: FloatArray, scheme: IntArray, practice: IntArray) -> _Profile:
    n, p = x.shape
    if y.shape != (n,) or scheme.shape != (n,) or practice.shape != (n,):
        raise NestedFitError("the outcome, design and group labels differ in length")
    if n <= p:
        raise NestedFitError(f"{n} observations cannot estimate {p} fixed effects")
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(x))):
        raise NestedFitError("the outcome or a covariate is not a finite number")
    columns = np.column_stack([x, y])
    practice_codes, practice_index = np.unique(practice, return_inverse=True)
    n_practices = practice_codes.size
    scheme_of = np.full(n_practices, -1, dtype=np.intp)
    scheme_of[practice_index] = scheme
    if np.any(scheme_of[practice_index] != scheme):
        raise NestedFitError("a practice appears in more than one scheme")
    # Practices in scheme order, so each scheme's practices are one contiguous run.
    order = np.argsort(scheme_of, kind="stable")
    rank = np.empty(n_practices, dtype=np.intp)
    rank[order] = np.arange(n_practices)
    row_practice = rank[practice_index]
    sums = np.column_stack(
        [np.bincount(row_practice, weights=column, minlength=n_practices) for column in columns.T]
    ).astype(np.float64)
    sizes = np.bincount(row_practice, minlength=n_practices).astype(np.float64)
    sorted_schemes = scheme_of[order]
    starts = np.flatnonzero(np.r_[True, sorted_schemes[1:] != sorted_schemes[:-1]])
    scale = np.sqrt(np.maximum(np.einsum("ij,ij->j", x, x), 1e-300))
    eigen = np.linalg.eigvalsh((x.T @ x) / np.outer(scale, scale))
    if eigen[0] <= _COLLINEAR * max(eigen[-1], 1.0):
        raise NestedFitError("a covariate is constant or duplicates another")
    return _Profile(
        cross=columns.T @ columns,
        sums=sums,
        sizes=sizes,
        starts=starts,
        n=n,
        p=p,
    )


def _moment_start(profile: _Profile) -> FloatArray:
    """Relative standard deviations from an ANOVA-style split of the OLS residuals: a start
    near the optimum that depends only on the data, so every fit of the same data is the same.
    """
    p = profile.p
    xtx = profile.cross[:p, :p]
    beta = np.linalg.lstsq(xtx, profile.cross[:p, p], rcond=None)[0]
    coefficients = np.r_[-beta, 1.0]
    # Residual sums per practice and the total residual sum of squares, from the sums alone.
    practice_sum = profile.sums @ coefficients
    rss = float(coefficients @ profile.cross @ coefficients)
    sizes = profile.sizes
    n_practices = sizes.size
    n_schemes = profile.starts.size
    between_practices = float(np.sum(practice_sum**2 / sizes))
    within = max(rss - between_practices, 0.0) / max(profile.n - n_practices, 1)
    scheme_sum = np.add.reduceat(practice_sum, profile.starts)
    scheme_size = np.add.reduceat(sizes, profile.starts)
    between_schemes = float(np.sum(scheme_sum**2 / scheme_size))
    practice_mean_square = (between_practices - between_schemes) / max(n_practices - n_schemes, 1)
    scheme_mean_square = between_schemes / max(n_schemes - 1, 1)
    per_practice = profile.n / n_practices
    per_scheme = profile.n / n_schemes
    residual = max(within, 1e-12)
    gp = max((practice_mean_square - residual) / per_practice, 0.0) / residual
    gs = max((scheme_mean_square - practice_mean_square) / per_scheme, 0.0) / residual
    # Never start on the boundary, where the gradient in these coordinates is zero, nor far
    # out where a thin practice makes the residual variance look like zero.
    return np.sqrt(np.clip(np.array([gs, gp], dtype=np.float64), 0.01, 100.0))


def fit_nested_reml(
    y: FloatArray, x: FloatArray, *, scheme: IntArray, practice: IntArray
) -> NestedFit:
    """Fit by REML; ``scheme`` and ``practice`` are integer codes, practices unique overall.

    L-BFGS-B from a moment start, and Powell (derivative-free) from the same start only when
    L-BFGS-B does not report convergence.

    Raises
    ------
    NestedFitError
        If the fixed effects are not identified (a covariate constant or collinear), there
        are no more observations than fixed effects, or neither optimiser converges.
    """
    y = np.asarray(y, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    profile = _profile(y, x, np.asarray(scheme), np.asarray(practice))

    def objective(theta: FloatArray) -> float:
        try:
            return profile.solve(theta**2)[0]
        except NestedFitError:
            return float("inf")

    start = _moment_start(profile)
    result = optimize.minimize(
        objective,
        start,
        method="L-BFGS-B",
        jac="3-point",
        bounds=[(0.0, None), (0.0, None)],
        options={"ftol": 1e-14, "gtol": _GRADIENT_TOLERANCE, "maxiter": 500},
    )
    method = "lbfgsb"
    if not (result.success and np.isfinite(result.fun)):
        # The likelihood is even in each coordinate, so an unbounded search is safe.
        result = optimize.minimize(
            objective,
            start,
            method="Powell",
            options={"xtol": 1e-10, "ftol": 1e-14, "maxiter": 20_000},
        )
        method = "powell"
        if not (result.success and np.isfinite(result.fun)):
            raise NestedFitError(f"the optimisers did not converge ({result.message})")
    ratios = np.asarray(result.x, dtype=np.float64) ** 2
    deviance, beta, xhx, residual_variance = profile.solve(ratios)
    scheme_variance = float(ratios[0] * residual_variance)
    practice_variance = float(ratios[1] * residual_variance)
    return NestedFit(
        params=beta,
        cov_params=_covariance(profile, ratios, beta, xhx, residual_variance),
        scheme_variance=scheme_variance,
        practice_variance=practice_variance,
        residual_variance=float(residual_variance),
        llf=profile.llf(deviance),
        boundary=min(scheme_variance, practice_variance) < BOUNDARY_VARIANCE,
        converged=True,
        method=method,
    )


def _covariance(
    profile: _Profile, ratios: FloatArray, beta: FloatArray, xhx: FloatArray, scale: float
) -> FloatArray:
    """Covariance of the fixed effects from the observed information of the REML likelihood
    in (fixed effects, variance ratios), as statsmodels' MixedLM reports it. The fixed
    effects and variance ratios are correlated in a finite sample, so this is slightly wider
    or narrower than s2 (X'H^-1X)^-1, which is used if the observed information is not
    positive definite (a fit on the boundary can give that).
    """
    expected = np.asarray(scale * np.linalg.inv(xhx), dtype=np.float64)
    p = profile.p
    dof = profile.n - p
    gs, gp = float(ratios[0]), float(ratios[1])
    coefficients = np.r_[-beta, 1.0]
    quadratic = scale * dof
    cross = np.empty((p, 2))
    for column, pieces in enumerate(profile.unit_sums(gs, gp)):
        cross[:, column] = -(dof / quadratic) * (pieces[:, :p].T @ (pieces @ coefficients))
    fixed = -xhx / scale
    # The profile curvature in the ratios, by central differences; the curvature with the
    # fixed effects held still adds back what profiling them out took away.
    steps = 1e-4 * (np.abs(ratios) + 0.01)

    def llf(shift: FloatArray) -> float:
        return -0.5 * profile.solve(ratios + shift)[0]

    profile_curvature = np.empty((2, 2))
    centre = llf(np.zeros(2))
    for i in range(2):
        e_i = np.eye(2)[i] * steps[i]
        profile_curvature[i, i] = (llf(e_i) - 2.0 * centre + llf(-e_i)) / steps[i] ** 2
        for j in range(i):
            e_j = np.eye(2)[j] * steps[j]
            value = (llf(e_i + e_j) - llf(e_i - e_j) - llf(e_j - e_i) + llf(-e_i - e_j)) / (
                4.0 * steps[i] * steps[j]
            )
            profile_curvature[i, j] = profile_curvature[j, i] = value
    ratio_block = profile_curvature + cross.T @ np.linalg.solve(fixed, cross)
    hessian = np.block([[fixed, cross], [cross.T, ratio_block]])
    try:
        observed = np.asarray(np.linalg.inv(-hessian)[:p, :p], dtype=np.float64)
    except np.linalg.LinAlgError:
        return expected
    if not (np.all(np.isfinite(observed)) and np.all(np.diag(-hessian) > 0)):
        return expected
    if np.any(np.diag(observed) <= 0.0):
        return expected
    return observed
