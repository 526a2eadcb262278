"""A report repeated on unchanged data answers its multilevel models from the cache; one
changed record means a fresh fit."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pytest
from django.core.cache import caches

from linkwork.evaluation.analysis.data import EvaluationData
from linkwork.evaluation.dataset.extract import frame
from linkwork.evaluation.dataset.spec import TABLE_BY_NAME
from linkwork.evaluation.model_cache import CACHE_ALIAS, cached_comparison, comparison_key
from linkwork.evaluation.report.build import build_report
from linkwork.stats import InsufficientDataError, _nested_reml

SCHEMES = 10
PRACTICES_PER_SCHEME = 2
PEOPLE_PER_PRACTICE = 12


def _table(name: str, rows: Sequence[Mapping[str, object]]) -> pl.DataFrame:
    return frame(TABLE_BY_NAME[name], rows, identifiable=False)


def world(seed: int = 3) -> dict[str, pl.DataFrame]:
    """Ten schemes of the four delivery models, two practices each, 240 people each with a
    baseline and a follow-up score."""
    rng = np.random.default_rng(seed)
    schemes, practices, links, people, referrals, scores = [], [], [], [], [], []
    for s in range(SCHEMES):
        schemes.append(
            {
                "scheme_id": f"s{s}",
                "scheme_name": f"Scheme {s}",
                "region": "R",
                "country": "england",
                "delivery_model": s % 4 + 1,
            }
        )
        for p in range(PRACTICES_PER_SCHEME):
            practice = f"pr{s}-{p}"
            practices.append(
                {
                    "practice_id": practice,
                    "practice_name": practice,
                    "list_size": 6000,
                    "deprivation_quintile": p + 1,
                }
            )
            links.append({"scheme_id": f"s{s}", "practice_id": practice})
            for i in range(PEOPLE_PER_PRACTICE):
                person = f"{practice}-{i}"
                people.append(
                    {
                        "person": person,
                        "scheme_id": f"s{s}",
                        "sex": "female" if i % 2 else "male",
                        "ethnicity": "A",
                        "deprivation_quintile": i % 5 + 1,
                        "postcode_status": "matched",
                    }
                )
                referrals.append(
                    {
                        "referral_id": f"r{person}",
                        "person": person,
                        "scheme_id": f"s{s}",
                        "practice_id": practice,
                        "source": "gp",
                        "received_on": date(2026, 1, 1),
                        "age_band": "45-54" if i % 3 else "65-74",
                        "status": "discharged",
                        "waiting_days": 5,
                        "sessions_attended": i % 4 + 1,
                        "sessions_missed": 0,
                        "at_risk": False,
                        "link_worker": "lw1",
                    }
                )
                baseline = float(rng.normal(20.0, 3.0))
                follow_up = baseline + s % 4 + float(rng.normal(2.0, 3.0))
                for timepoint, value, day in (
                    ("baseline", baseline, date(2026, 1, 10)),
                    ("follow_up", follow_up, date(2026, 5, 1)),
                ):
                    scores.append(
                        {
                            "administration_id": f"a{person}{timepoint}",
                            "referral_id": f"r{person}",
                            "person": person,
                            "scheme_id": f"s{s}",
                            "instrument_id": "swemwbs",
                            "definition_version": "1",
                            "kind": "validated",
                            "timepoint": timepoint,
                            "administered_on": day,
                            "primary_score": round(value, 2),
                            "parts_json": "{}",
                        }
                    )
    return {
        "schemes": _table("schemes", schemes),
        "practices": _table("practices", practices),
        "scheme_practices": _table("scheme_practices", links),
        "people": _table("people", people),
        "referrals": _table("referrals", referrals),
        "referral_reasons": _table("referral_reasons", []),
        "encounters": _table("encounters", []),
        "connections": _table("connections", []),
        "outcome_scores": _table("outcome_scores", scores),
        "implementation": _table("implementation", []),
    }


def evaluation(tables: dict[str, pl.DataFrame]) -> EvaluationData:
    return EvaluationData(tables=tables, reference_date=date(2026, 6, 1))


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the fits of the multilevel model, starting from an empty cache."""
    caches[CACHE_ALIAS].clear()
    calls: list[int] = []
    real = _nested_reml.fit_nested_reml

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(_nested_reml, "fit_nested_reml", counted)
    yield calls
    caches[CACHE_ALIAS].clear()


def comparisons(report: dict[str, Any]) -> list[Any]:
    return [(o["delivery_models"], o["deprivation"]) for o in report["outcomes"]]


def test_a_repeat_report_on_unchanged_data_fits_nothing(fits: list[int]) -> None:
    tables = world()
    first = build_report(evaluation(tables), audience="scheme")
    # Total effect, effect at the same sessions, and deprivation: one fit each.
    assert len(fits) == 3
    assert "effects" in first["outcomes"][0]["delivery_models"]
    assert "effects" in first["outcomes"][0]["deprivation"]
    second = build_report(evaluation(tables), audience="scheme")
    build_report(evaluation(tables), audience="external")
    assert len(fits) == 3
    assert comparisons(second) == comparisons(first)


def test_one_changed_record_refits(fits: list[int]) -> None:
    tables = world()
    first = build_report(evaluation(tables), audience="scheme")
    scores = tables["outcome_scores"]
    changed_row = scores["timepoint"].to_list().index("follow_up")
    tables["outcome_scores"] = scores.with_columns(
        pl.when(pl.int_range(pl.len()) == changed_row)
        .then(pl.col("primary_score") + 5.0)
        .otherwise(pl.col("primary_score"))
        .alias("primary_score")
    )
    second = build_report(evaluation(tables), audience="scheme")
    assert len(fits) == 6
    assert comparisons(second) != comparisons(first)


def test_rows_in_another_order_are_the_same_data() -> None:
    pairs = pl.DataFrame(
        {
            "y": [1.0, 2.0, 3.5, None],
            "g": ["a", "b", "a", "b"],
            "p": [1, 1, 2, 2],
            "s": list("xxyy"),
        }
    )
    question: dict[str, Any] = {
        "outcome_change": "y",
        "group": "g",
        "covariates": [],
        "practice": "p",
        "scheme": "s",
        "reference": "a",
        "confidence": 0.95,
        "level_name": "delivery model",
    }
    key = comparison_key(pairs, **question)
    assert comparison_key(pairs.reverse(), **question) == key
    assert comparison_key(pairs.with_columns(extra=pl.lit(1)), **question) == key
    assert comparison_key(pairs, **{**question, "reference": "b"}) != key
    assert comparison_key(pairs, **{**question, "confidence": 0.9}) != key
    moved = pairs.with_columns(p=pl.Series([1, 2, 2, 2]))
    assert comparison_key(moved, **question) != key


def test_too_thin_data_are_remembered_as_such(fits: list[int]) -> None:
    """Their message is kept, so a repeat report does not even prepare the model."""
    pairs = pl.DataFrame(
        {"y": [1.0, 2.0, 3.5], "g": ["a", "b", "a"], "p": [1, 1, 2], "s": list("xxy")}
    )
    for _ in range(2):
        with pytest.raises(InsufficientDataError, match="only 2 schemes"):
            cached_comparison(
                pairs,
                outcome_change="y",
                group="g",
                covariates=[],
                practice="p",
                scheme="s",
                reference="a",
            )
    key = comparison_key(
        pairs,
        outcome_change="y",
        group="g",
        covariates=[],
        practice="p",
        scheme="s",
        reference="a",
        confidence=0.95,
        level_name="delivery model",
    )
    stored = caches[CACHE_ALIAS].get(key)
    assert isinstance(stored, str)
    assert stored.startswith("only 2 schemes")
