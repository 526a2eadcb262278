"""Evaluation statistics for social prescribing: pure Python, no Django.

One module per topic; every function returns a frozen record from
:mod:`linkwork.stats.results` and raises :class:`InsufficientDataError` when
the data cannot support the figure asked for.
"""

from __future__ import annotations

from linkwork.stats.descriptive import median_and_p90, rate_per_thousand
from linkwork.stats.disclosure import DEFAULT_ROUNDING_BASE, Margin, protect, round_count
from linkwork.stats.dose_response import SESSION_BANDS, change_by_sessions
from linkwork.stats.errors import InsufficientDataError
from linkwork.stats.mixed import delivery_model_comparison
from linkwork.stats.paired import paired_change, share_improved
from linkwork.stats.proportions import wilson_interval
from linkwork.stats.results import (
    GroupChange,
    GroupEffect,
    MixedModelResult,
    PairedChange,
    ProportionCI,
    Quantiles,
    RateCI,
)
from linkwork.stats.suppression import DEFAULT_THRESHOLD, suppress, suppress_rows

__all__ = [
    "DEFAULT_ROUNDING_BASE",
    "DEFAULT_THRESHOLD",
    "SESSION_BANDS",
    "GroupChange",
    "GroupEffect",
    "InsufficientDataError",
    "Margin",
    "MixedModelResult",
    "PairedChange",
    "ProportionCI",
    "Quantiles",
    "RateCI",
    "change_by_sessions",
    "delivery_model_comparison",
    "median_and_p90",
    "paired_change",
    "protect",
    "rate_per_thousand",
    "round_count",
    "share_improved",
    "suppress",
    "suppress_rows",
    "wilson_interval",
]
