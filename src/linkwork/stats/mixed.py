"""Adjusted comparison of delivery models with a linear mixed model.

People are nested in practices, and practices in schemes (the local social
prescribing service). Ignoring that clustering would treat 3,000 people in 30
schemes as 3,000 independent observations and give intervals far too narrow,
because the delivery model is usually chosen per scheme.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import stats

from linkwork.stats import _nested_reml
from linkwork.stats._checks import check_confidence
from linkwork.stats.errors import InsufficientDataError
from linkwork.stats.results import GroupEffect, MixedModelResult

__all__ = [
    "MIN_PEOPLE_PER_LEVEL",
    "MIN_SCHEMES",
    "MIN_SCHEMES_PER_LEVEL",
    "delivery_model_comparison",
]

# Below these the scheme-level variance, and so every interval, is guesswork.
MIN_SCHEMES = 5
MIN_SCHEMES_PER_LEVEL = 2
MIN_PEOPLE_PER_LEVEL = 10

_OBSERVATIONAL = (
    "Observational data: people were not randomised to delivery models, so differences "
    "may reflect who each model serves and where, not the model itself. Adjustment covers "
    "only the covariates listed."
)
_WALD = (
    "Intervals are Wald intervals from the model's standard errors with a t critical value. "
    "Where the groups differ only between schemes (as delivery models do) its degrees of "
    "freedom count schemes, not people (the between-within rule), so with few schemes per "
    "group the intervals are wide; normal (z) intervals would be too narrow."
)
_BOUNDARY = (
    "A variance component was estimated at or near zero (the boundary of what is "
    "possible); the fixed-effect estimates stand, but treat that variance as 'small', "
    "not as zero."
)


def delivery_model_comparison(
    frame: pl.DataFrame,
    *,
    outcome_change: str,
    group: str,
    covariates: Sequence[str],
    practice: str,
    scheme: str,
    reference: str,
    confidence: float = 0.95,
    level_name: str = "delivery model",
) -> MixedModelResult:
    """Compare mean change in an outcome between delivery models, adjusted for clustering.

    Parameters
    ----------
    frame
        One row per person.
    outcome_change
        Column with follow-up minus baseline; null where there was no follow-up.
    group
        Column with the delivery model (any type; compared as text).
    covariates
        Columns to adjust for. Numeric and boolean columns enter as linear
        terms; text and categorical columns as indicator sets.
    practice, scheme
        Columns identifying the GP practice and the scheme. Practice
        identifiers need only be unique within a scheme.
    reference
        The delivery model every other one is compared with.
    confidence
        Two-sided confidence level of the intervals.
    level_name
        What the groups are, in words, for messages ("delivery model" unless the
        groups are something else, such as deprivation quintiles).

    Returns
    -------
    MixedModelResult
        One :class:`GroupEffect` per non-reference delivery model, in sorted
        order, with counts, variance components and caveats.

    Raises
    ------
    InsufficientDataError
        If the reference model is absent, a model has fewer than
        ``MIN_PEOPLE_PER_LEVEL`` people or ``MIN_SCHEMES_PER_LEVEL`` schemes, there
        are fewer than ``MIN_SCHEMES`` schemes, or the model does not converge or
        gives no usable standard errors.
    ValueError
        If a named column is missing or a covariate has an unsupported type.

    Notes
    -----
    For person i in practice p of scheme s, fitted by REML::

        change_isp = b0 + sum_k b_k [model_s = k] + covariates_i' g
                     + u_s + v_ps + e_isp
        u_s ~ N(0, var_scheme),  v_ps ~ N(0, var_practice),  e ~ N(0, var_residual)

    ``u_s`` is the random intercept of the scheme and ``v_ps`` that of the practice
    within it, fitted in closed form (``_nested_reml``: the cost grows with practices, not
    with a column per practice; one optimiser, a second only if it fails). The fixed
    effects' standard errors are from the observed information, as statsmodels' MixedLM
    gives them. b_k, the adjusted
    difference from the reference model, is reported with the interval
    b_k -/+ t * SE(b_k), t on between-within degrees of freedom: S - L - c for a
    group constant within schemes (S schemes, L groups, c covariates constant within
    schemes), else n - p. Normal (z) intervals undercover with few schemes per delivery
    model; the simulation study (``linkwork evaluation simulate``) measures it. People
    with a missing change or covariate are left out (complete-case analysis), which is
    unbiased only if missingness does not depend on the unobserved outcome.

    References
    ----------
    Laird NM, Ware JH. Random-effects models for longitudinal data. Biometrics
    1982;38:963-974.
    Snijders TAB, Bosker RJ. Multilevel analysis. 2nd ed. Sage, 2012.
    Bates D, Maechler M, Bolker B, Walker S. Fitting linear mixed-effects models using
    lme4. J Stat Softw 2015;67(1).

    Examples
    --------
    >>> import numpy as np, polars as pl
    >>> rng = np.random.default_rng(1)
    >>> schemes = np.repeat(np.arange(12), 40)
    >>> model = np.array(["A", "B", "C"])[schemes % 3]
    >>> change = (np.select([model == "B", model == "C"], [1.0, 2.0], 0.0)
    ...           + rng.normal(0, 0.5, 12)[schemes] + rng.normal(0, 2, schemes.size))
    >>> frame = pl.DataFrame({"change": change, "model": model, "scheme": schemes,
    ...                       "practice": schemes * 10 + np.arange(schemes.size) % 4})
    >>> result = delivery_model_comparison(frame, outcome_change="change", group="model",
    ...     covariates=[], practice="practice", scheme="scheme", reference="A")
    >>> [effect.level for effect in result.effects], result.n_schemes, result.n_practices
    (['B', 'C'], 12, 48)
    """
    check_confidence(confidence)
    columns = [outcome_change, group, *covariates, practice, scheme]
    absent = [name for name in dict.fromkeys(columns) if name not in frame.columns]
    if absent:
        raise ValueError(f"columns not in the data: {', '.join(absent)}.")
    outcome_type = frame.schema[outcome_change]
    if not outcome_type.is_numeric():
        raise ValueError(f"outcome column {outcome_change!r} must be numeric, not {outcome_type}.")

    complete = _complete_cases(frame, outcome_change, columns)
    n_left_out = frame.height - complete.height
    n_by_level = _people_by_level(
        complete, group=group, scheme=scheme, reference=reference, level_name=level_name
    )
    levels = list(n_by_level)
    design = _design(complete, group, covariates, levels)
    try:
        fitted = _nested_reml.fit_nested_reml(
            complete.get_column(outcome_change).cast(pl.Float64).to_numpy(),
            design,
            scheme=_codes(complete, [scheme]),
            practice=_codes(complete, [scheme, practice]),
        )
    except _nested_reml.NestedFitError as error:
        raise InsufficientDataError(
            f"the mixed model could not be fitted usably ({error}); the data are probably "
            "too thin for this model, or a covariate is constant or duplicates another."
        ) from error
    df = _degrees_of_freedom(
        complete, group, covariates, scheme, n_levels=len(levels), n_fixed=design.shape[1]
    )
    t_critical = float(stats.t.ppf(0.5 + confidence / 2.0, df))
    std_errors = fitted.std_errors
    effects = []
    # The group indicators are the design's columns after the intercept.
    for column, level in enumerate(levels[1:], start=1):
        estimate = float(fitted.params[column])
        std_error = float(std_errors[column])
        effects.append(
            GroupEffect(
                level=level,
                n_people=int(n_by_level[level]),
                estimate=estimate,
                std_error=std_error,
                ci_low=estimate - t_critical * std_error,
                ci_high=estimate + t_critical * std_error,
                p_value=float(2.0 * stats.t.sf(abs(estimate / std_error), df)),
                df=df,
            )
        )
    return MixedModelResult(
        outcome=outcome_change,
        reference=reference,
        n_reference=int(n_by_level[reference]),
        effects=tuple(effects),
        n_people=complete.height,
        n_left_out=n_left_out,
        n_practices=complete.select(scheme, practice).unique().height,
        n_schemes=complete.get_column(scheme).n_unique(),
        converged=fitted.converged,
        scheme_variance=fitted.scheme_variance,
        practice_variance=fitted.practice_variance,
        residual_variance=fitted.residual_variance,
        confidence=confidence,
        caveats=_caveats(frame.height, n_left_out, boundary=fitted.boundary),
    )


def _degrees_of_freedom(
    frame: pl.DataFrame,
    group: str,
    covariates: Sequence[str],
    scheme: str,
    *,
    n_levels: int,
    n_fixed: int,
) -> float:
    """Between-within degrees of freedom for the group contrasts.

    A group that never varies within a scheme (a delivery model) is compared between
    schemes, so its contrasts have as many degrees of freedom as schemes less the
    between-scheme parameters (intercept, the group indicators and any covariate constant
    within schemes). Otherwise they have the people less all fixed parameters.
    """
    within = frame.group_by(scheme).agg(
        [pl.col(name).n_unique() for name in dict.fromkeys([group, *covariates])]
    )
    constant = [name for name in dict.fromkeys(covariates) if within[name].max() == 1]
    if within[group].max() == 1:
        # A text covariate constant within schemes spends one parameter per extra value.
        spent = sum(max(frame[name].n_unique() - 1, 1) for name in constant if name != group)
        return float(max(within.height - n_levels - spent, 1))
    return float(max(frame.height - n_fixed, 1))


def _complete_cases(frame: pl.DataFrame, outcome: str, columns: list[str]) -> pl.DataFrame:
    subset = frame.select(list(dict.fromkeys(columns)))
    # A NaN change is as missing as a null one; polars keeps the two apart.
    if subset.schema[outcome].is_float():
        subset = subset.filter(pl.col(outcome).is_not_nan())
    return subset.drop_nulls()


def _people_by_level(
    frame: pl.DataFrame, *, group: str, scheme: str, reference: str, level_name: str
) -> dict[str, int]:
    """People per level (delivery model, or whatever `level_name` says the groups are),
    reference first then sorted, once each is estimable."""
    n_schemes = frame.get_column(scheme).n_unique()
    if n_schemes < MIN_SCHEMES:
        raise InsufficientDataError(
            f"only {n_schemes} schemes have people with a follow-up; at least {MIN_SCHEMES} "
            "are needed to estimate how much schemes differ."
        )
    summary = (
        frame.with_columns(pl.col(group).cast(pl.String).alias("_level"))
        .group_by("_level")
        .agg(pl.len().alias("people"), pl.col(scheme).n_unique().alias("schemes"))
        .sort("_level")
    )
    found = summary.get_column("_level").to_list()
    if reference not in found:
        raise InsufficientDataError(
            f"the reference {level_name} {reference!r} has nobody with a follow-up "
            f"(present: {', '.join(map(repr, found)) or 'none'})."
        )
    if len(found) < 2:
        raise InsufficientDataError(
            f"only one {level_name} has data, so there is nothing to compare."
        )
    for level, people, schemes in summary.iter_rows():
        if people < MIN_PEOPLE_PER_LEVEL or schemes < MIN_SCHEMES_PER_LEVEL:
            raise InsufficientDataError(
                f"{level_name} {level!r} has {people} people in {schemes} scheme(s); at least "
                f"{MIN_PEOPLE_PER_LEVEL} people in {MIN_SCHEMES_PER_LEVEL} schemes are needed "
                f"to separate the {level_name} from the schemes in it."
            )
    people_by_level = dict(zip(found, summary.get_column("people").to_list(), strict=True))
    order = [reference, *(level for level in found if level != reference)]
    return {level: people_by_level[level] for level in order}


def _design(
    frame: pl.DataFrame, group: str, covariates: Sequence[str], levels: list[str]
) -> NDArray[np.float64]:
    """Intercept, one indicator per non-reference level, then the covariates: numbers and
    booleans as they are, text as indicators of each value but the first in sorted order
    (the coding statsmodels' formulas gave)."""
    level = frame.get_column(group).cast(pl.String)
    columns = [np.ones(frame.height)]
    columns += [(level == value).cast(pl.Float64).to_numpy() for value in levels[1:]]
    for name in covariates:
        series = frame.get_column(name)
        dtype = series.dtype
        if dtype.is_numeric() or dtype == pl.Boolean:
            columns.append(series.cast(pl.Float64).to_numpy())
        elif dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
            text = series.cast(pl.String)
            values = text.unique().sort().to_list()
            columns += [(text == value).cast(pl.Float64).to_numpy() for value in values[1:]]
        else:
            raise ValueError(f"covariate {name!r} has type {dtype}; use a number, boolean or text.")
    return np.column_stack(columns)


def _codes(frame: pl.DataFrame, keys: list[str]) -> NDArray[np.intp]:
    """One integer per distinct combination of the key columns. A practice is keyed by its
    scheme too, so "Practice 1" in two schemes stays two."""
    # Ranks of each column, combined as integers: far cheaper than ranking the pairs.
    codes = np.zeros(frame.height, dtype=np.int64)
    for name in keys:
        rank = frame.get_column(name).rank("dense").cast(pl.Int64).to_numpy()
        codes = codes * (int(rank.max()) + 1) + rank
    return np.unique(codes, return_inverse=True)[1].astype(np.intp)


def _caveats(total: int, left_out: int, *, boundary: bool) -> tuple[str, ...]:
    if left_out:
        share = 100.0 * left_out / total
        missing = (
            f"{left_out} of {total} people ({share:.0f}%) had no follow-up score or a missing "
            "covariate and are left out; if they differ from those followed up, as is likely, "
            "the estimates may be biased."
        )
    else:
        missing = "Everyone in the data had a follow-up score and every covariate."
    caveats = [_OBSERVATIONAL, missing, _WALD]
    if boundary:
        caveats.append(_BOUNDARY)
    return tuple(caveats)
