"""Paired before/after change in a score, and the share of people who improved."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from linkwork.stats._checks import Numbers, as_finite_array, check_confidence
from linkwork.stats._tinterval import mean_t_interval, sd_is_zero
from linkwork.stats.errors import InsufficientDataError
from linkwork.stats.proportions import wilson_interval
from linkwork.stats.results import PairedChange, ProportionCI

__all__ = ["paired_change", "share_improved"]


def paired_change(
    baseline: Numbers,
    follow_up: Numbers,
    *,
    confidence: float = 0.95,
) -> PairedChange:
    """Mean change from baseline to follow-up with a paired t interval and effect sizes.

    Parameters
    ----------
    baseline, follow_up
        Scores for the same people in the same order. Only people with both
        scores belong here; report separately how many had no follow-up.
    confidence
        Two-sided confidence level for the interval of the mean change.

    Returns
    -------
    PairedChange
        Change is ``follow_up - baseline``, so its sign depends on whether the
        instrument scores higher for better or worse.

    Raises
    ------
    InsufficientDataError
        If fewer than 2 people (no standard deviation), or every person changed
        by the same amount (standard deviation of change 0, so the t statistic
        and Cohen's d_z divide by zero).
    ValueError
        If the sequences differ in length or contain missing values.

    Notes
    -----
    With d_i = follow_up_i - baseline_i, mean d-bar, standard deviation s_d
    (n - 1 denominator) and t* the (1 + confidence)/2 quantile of t on n - 1
    degrees of freedom::

        CI     = d-bar -/+ t* s_d / sqrt(n)
        t      = d-bar / (s_d / sqrt(n)),  p = 2 P(T_{n-1} > |t|)
        d_z    = d-bar / s_d
        d_av   = d-bar / ((s_baseline + s_follow_up) / 2)

    d_z is tied to the test statistic (t = d_z sqrt(n)) and is larger than
    effect sizes from between-group designs when scores are correlated; d_av
    ignores the correlation and is closer to the usual between-group Cohen's d.
    Report which one is quoted.

    References
    ----------
    Cohen J. Statistical power analysis for the behavioral sciences. 2nd ed. 1988.
    Lakens D. Calculating and reporting effect sizes to facilitate cumulative
    science. Front Psychol 2013;4:863.
    Cumming G. Understanding the new statistics. Routledge, 2012.

    Examples
    --------
    >>> result = paired_change([10, 12, 14, 16], [13, 14, 18, 17])
    >>> result.n, result.mean_change
    (4, 2.5)
    >>> round(result.ci_low, 3), round(result.ci_high, 3)
    (0.446, 4.554)
    >>> round(result.cohens_dz, 3), round(result.cohens_dav, 3)
    (1.936, 1.008)
    >>> round(result.t_statistic, 3), round(result.p_value, 4)
    (3.873, 0.0305)
    """
    check_confidence(confidence)
    before = as_finite_array(baseline, name="baseline")
    after = as_finite_array(follow_up, name="follow_up")
    if before.size != after.size:
        raise ValueError(
            f"baseline and follow_up must pair up person by person; got {before.size} "
            f"and {after.size} scores."
        )
    n = int(before.size)
    if n < 2:
        raise InsufficientDataError(
            f"a paired change needs at least 2 people with both scores, got {n}: "
            "with one person there is no standard deviation, so no interval."
        )
    change = after - before
    interval = mean_t_interval(change, confidence)
    if sd_is_zero(change, interval.sd):
        raise InsufficientDataError(
            f"every one of the {n} people changed by the same amount "
            f"({interval.mean:g}), so the standard deviation of change is 0: the t "
            "statistic, p value and Cohen's d_z would divide by zero."
        )
    sd_before = float(np.std(before, ddof=1))
    sd_after = float(np.std(after, ddof=1))
    # If both score columns were constant the change would be constant too, which was
    # refused above; so the average SD here is always positive.
    average_sd = (sd_before + sd_after) / 2.0
    t_statistic = interval.mean / (interval.sd / math.sqrt(n))
    return PairedChange(
        n=n,
        mean_baseline=float(np.mean(before)),
        mean_follow_up=float(np.mean(after)),
        mean_change=interval.mean,
        sd_baseline=sd_before,
        sd_follow_up=sd_after,
        sd_change=interval.sd,
        ci_low=interval.low,
        ci_high=interval.high,
        confidence=confidence,
        cohens_dz=interval.mean / interval.sd,
        cohens_dav=interval.mean / average_sd,
        t_statistic=t_statistic,
        df=n - 1,
        p_value=float(2.0 * stats.t.sf(abs(t_statistic), n - 1)),
    )


def share_improved(
    changes: Numbers,
    *,
    mic: float,
    higher_is_better: bool,
    confidence: float = 0.95,
) -> ProportionCI:
    """Proportion of people whose change reached the minimal important change (MIC).

    Parameters
    ----------
    changes
        Follow-up minus baseline, one per person with both scores.
    mic
        Minimal important change as a positive size, in score units (for
        example 3 points on WEMWBS). A change of exactly ``mic`` counts.
    higher_is_better
        True if a rise in the score is an improvement; False for symptom
        scales such as PHQ-9, where a fall of at least ``mic`` counts.
    confidence
        Two-sided confidence level of the Wilson interval.

    Returns
    -------
    ProportionCI
        Wilson score interval (see :func:`wilson_interval`).

    Raises
    ------
    InsufficientDataError
        If ``changes`` is empty.
    ValueError
        If ``mic`` is not positive (0 would count "no change" as improved) or a
        change is missing.

    Notes
    -----
    improved_i = (d_i >= mic) if higher is better, else (d_i <= -mic);
    the proportion is sum(improved) / n.

    References
    ----------
    de Vet HCW, Terwee CB. The minimal detectable change should not replace the
    minimal important difference. J Clin Epidemiol 2010;63:804-805.

    Examples
    --------
    >>> ci = share_improved([4, 3, 1, -2, 5], mic=3, higher_is_better=True)
    >>> ci.successes, ci.n
    (3, 5)
    >>> share_improved([-6, -5, 0, 2], mic=5, higher_is_better=False).successes
    2
    """
    if not (math.isfinite(mic) and mic > 0):
        raise ValueError(f"mic must be a positive number of score points, got {mic!r}.")
    values = as_finite_array(changes, name="changes")
    if values.size == 0:
        raise InsufficientDataError("no changes given, so no share can be calculated.")
    improved = values >= mic if higher_is_better else values <= -mic
    return wilson_interval(int(np.count_nonzero(improved)), int(values.size), confidence=confidence)
