"""The multilevel model's results, cached per question and data (the report's period and
scope are in the data), so a report repeated on unchanged data does not refit a model, while
one changed record gives a different key and so a fresh fit."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence

import polars as pl
from django.core.cache import caches

from linkwork.stats import InsufficientDataError, delivery_model_comparison
from linkwork.stats.results import MixedModelResult

__all__ = ["CACHE_ALIAS", "cached_comparison", "comparison_key"]

CACHE_ALIAS = "evaluation"
# Part of every key: raise it when the estimator's results change, so old entries go unread.
ESTIMATOR_VERSION = "nested-reml-1"


def comparison_key(
    frame: pl.DataFrame,
    *,
    outcome_change: str,
    group: str,
    covariates: Sequence[str],
    practice: str,
    scheme: str,
    reference: str,
    confidence: float,
    level_name: str,
) -> str:
    """The question and a fingerprint of the columns it reads, whatever the rows' order."""
    columns = list(dict.fromkeys([outcome_change, group, *covariates, practice, scheme]))
    missing = [name for name in columns if name not in frame.columns]
    used = frame.select([name for name in columns if name not in missing])
    # One 64-bit hash per row, sorted, so the same people in another order match.
    rows = used.hash_rows(seed=0).sort().to_numpy()
    question = {
        "estimator": ESTIMATOR_VERSION,
        "polars": pl.__version__,
        "outcome_change": outcome_change,
        "group": group,
        "covariates": list(covariates),
        "practice": practice,
        "scheme": scheme,
        "reference": reference,
        "confidence": confidence,
        "level_name": level_name,
        "schema": {name: str(dtype) for name, dtype in used.schema.items()},
        "missing": missing,
        "rows": used.height,
    }
    digest = hashlib.sha256(json.dumps(question, sort_keys=True).encode())
    digest.update(rows.tobytes())
    return f"mixed:{digest.hexdigest()}"


def cached_comparison(
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
    """:func:`linkwork.stats.delivery_model_comparison`, answered from the cache when the
    same question was asked of the same data. Too-thin data are remembered too, so they are
    not refitted only to fail again; a bad argument (ValueError) is never cached."""
    key = comparison_key(
        frame,
        outcome_change=outcome_change,
        group=group,
        covariates=covariates,
        practice=practice,
        scheme=scheme,
        reference=reference,
        confidence=confidence,
        level_name=level_name,
    )
    stored = caches[CACHE_ALIAS].get(key)
    if isinstance(stored, MixedModelResult):
        return stored
    if isinstance(stored, str):
        raise InsufficientDataError(stored)
    try:
        result = delivery_model_comparison(
            frame,
            outcome_change=outcome_change,
            group=group,
            covariates=covariates,
            practice=practice,
            scheme=scheme,
            reference=reference,
            confidence=confidence,
            level_name=level_name,
        )
    except InsufficientDataError as error:
        _remember(key, str(error))
        raise
    _remember(key, result)
    return result


def _remember(key: str, value: MixedModelResult | str) -> None:
    # A cache that cannot be written (a full disk) costs a refit next time, not the report.
    with contextlib.suppress(OSError):
        caches[CACHE_ALIAS].set(key, value)
