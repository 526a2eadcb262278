"""Evaluation statistics for social prescribing: pure Python, no Django.

One module per topic; every function returns a frozen record from
:mod:`linkwork.stats.results` and raises :class:`InsufficientDataError` when
the data cannot support the figure asked for.

The names below are loaded on first use (PEP 562), so a process that only needs
one light module (small-number suppression, say) never pays for numpy, scipy,
polars or statsmodels: a web process's URL configuration imports this package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

_HOME: dict[str, str] = {
    "DEFAULT_ROUNDING_BASE": "disclosure",
    "DEFAULT_THRESHOLD": "suppression",
    "SESSION_BANDS": "dose_response",
    "GroupChange": "results",
    "GroupEffect": "results",
    "InsufficientDataError": "errors",
    "Margin": "disclosure",
    "MixedModelResult": "results",
    "PairedChange": "results",
    "ProportionCI": "results",
    "Quantiles": "results",
    "RateCI": "results",
    "change_by_sessions": "dose_response",
    "delivery_model_comparison": "mixed",
    "median_and_p90": "descriptive",
    "paired_change": "paired",
    "protect": "disclosure",
    "rate_per_thousand": "descriptive",
    "round_count": "disclosure",
    "share_improved": "paired",
    "suppress": "suppression",
    "suppress_rows": "suppression",
    "wilson_interval": "proportions",
}

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


def __getattr__(name: str) -> object:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
