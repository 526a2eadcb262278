"""Scores, bands and flags of the validated built-ins against instruments.md."""

from __future__ import annotations

import pytest

from linkwork.outcomes.scoring import (
    SWEMWBS_CONVERSION,
    InstrumentDefinition,
    get_definition,
    score,
    ucla3_definition,
)

# instruments.md section 3, transcribed separately from builtin.py on purpose.
SWEMWBS_TABLE = {
    7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75,
    14: 15.32, 15: 15.84, 16: 16.36, 17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59,
    21: 19.25, 22: 19.98, 23: 20.73, 24: 21.54, 25: 22.35, 26: 23.21, 27: 24.11,
    28: 25.03, 29: 26.02, 30: 27.03, 31: 28.13, 32: 29.31, 33: 30.70, 34: 32.55,
    35: 35.00,
}  # fmt: skip


def answers_for_total(definition: InstrumentDefinition, total: int) -> list[int]:
    """Answers in item order whose plain sum is `total` (filled greedily)."""
    answers = [item.scale.min for item in definition.items]
    remaining = total - sum(answers)
    for index, item in enumerate(definition.items):
        step = min(remaining, item.scale.max - item.scale.min)
        answers[index] += step
        remaining -= step
    assert remaining == 0
    return answers


def test_swemwbs_table_has_all_29_values() -> None:
    assert len(SWEMWBS_CONVERSION) == 29
    assert dict(SWEMWBS_CONVERSION) == SWEMWBS_TABLE


@pytest.mark.parametrize(("raw", "metric"), sorted(SWEMWBS_TABLE.items()))
def test_swemwbs_conversion(raw: int, metric: float) -> None:
    definition = get_definition("swemwbs")
    result = score(definition, answers_for_total(definition, raw))
    assert result.total == raw
    assert result.metric == metric
    assert f"{result.metric:.2f}" == f"{metric:.2f}"


def test_swemwbs_raw_29_is_26_02() -> None:
    assert SWEMWBS_CONVERSION[29] == 26.02


POSITIVE = [
    (0, "Low"),
    (4, "Low"),
    (5, "Medium"),
    (6, "Medium"),
    (7, "High"),
    (8, "High"),
    (9, "Very high"),
    (10, "Very high"),
]
ANXIETY = [
    (0, "Very low"),
    (1, "Very low"),
    (2, "Low"),
    (3, "Low"),
    (4, "Medium"),
    (5, "Medium"),
    (6, "High"),
    (10, "High"),
]


@pytest.mark.parametrize("code", ["life_satisfaction", "worthwhile", "happiness"])
@pytest.mark.parametrize(("value", "band"), POSITIVE)
def test_ons4_positive_item_bands(code: str, value: int, band: str) -> None:
    answers = {"life_satisfaction": 5, "worthwhile": 5, "happiness": 5, "anxiety": 5, code: value}
    result = score(get_definition("ons4"), answers)
    assert result.bands[code] == band
    assert result.items is not None
    assert result.items[code] == value


@pytest.mark.parametrize(("value", "band"), ANXIETY)
def test_ons4_anxiety_bands_keep_raw_value(value: int, band: str) -> None:
    answers = {"life_satisfaction": 5, "worthwhile": 5, "happiness": 5, "anxiety": value}
    result = score(get_definition("ons4"), answers)
    assert result.bands["anxiety"] == band
    assert result.items is not None
    assert result.items["anxiety"] == value  # stored raw, not reversed


def test_ons4_json_has_items_and_no_total() -> None:
    result = score(get_definition("ons4"), [7, 9, 4, 6])
    assert result.to_json_dict() == {
        "instrument": "ons4",
        "version": "1",
        "total": None,
        "metric": None,
        "items": {"life_satisfaction": 7, "worthwhile": 9, "happiness": 4, "anxiety": 6},
        "bands": {
            "life_satisfaction": "High",
            "worthwhile": "Very high",
            "happiness": "Low",
            "anxiety": "High",
        },
        "flags": [],
    }


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands(total: int, band: str) -> None:
    definition = get_definition("phq9")
    result = score(definition, answers_for_total(definition, total))
    assert result.total == total
    assert result.bands == {"total": band}


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item9_raises_risk_flag_whatever_the_total(item9: int) -> None:
    result = score(get_definition("phq9"), [0, 0, 0, 0, 0, 0, 0, 0, item9])
    assert result.flags == ("risk",)
    assert result.bands == {"total": "minimal"}
    assert result.to_json_dict()["flags"] == ["risk"]


def test_phq9_item9_zero_raises_no_flag() -> None:
    result = score(get_definition("phq9"), [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert result.flags == ()
    assert result.total == 24


def test_phq9_risk_flag_survives_an_incomplete_questionnaire() -> None:
    result = score(get_definition("phq9"), {"q1": 1, "q9": 2})
    assert result.total is None
    assert result.flags == ("risk", "incomplete")


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands(total: int, band: str) -> None:
    definition = get_definition("gad7")
    result = score(definition, answers_for_total(definition, total))
    assert result.total == total
    assert result.bands == {"total": band}
    assert result.flags == ()


def test_wemwbs_minimum_and_maximum() -> None:
    definition = get_definition("wemwbs")
    assert score(definition, [1] * 14).total == 14
    assert score(definition, [5] * 14).total == 70
    assert definition.total_range == (14, 70)
    assert definition.mic == 3.0


def test_wemwbs_json_has_no_items_key() -> None:
    result = score(get_definition("wemwbs"), [3] * 14)
    assert result.to_json_dict() == {
        "instrument": "wemwbs",
        "version": "1",
        "total": 42,
        "metric": None,
        "bands": {},
        "flags": [],
    }


def test_ucla3_sums_without_bands_by_default() -> None:
    definition = get_definition("ucla3")
    assert score(definition, [1, 1, 1]).total == 3
    result = score(definition, [3, 3, 3])
    assert result.total == 9
    assert result.bands == {}
    assert definition.higher_is_better is False


@pytest.mark.parametrize(
    ("answers", "band"),
    [([1, 1, 1], "not lonely"), ([2, 2, 1], "not lonely"), ([2, 2, 2], "lonely")],
)
def test_ucla3_optional_local_convention(answers: list[int], band: str) -> None:
    result = score(ucla3_definition(local_bands=True), answers)
    assert result.bands == {"total": band}


def test_swemwbs_json_reports_metric() -> None:
    result = score(get_definition("swemwbs"), [5, 4, 4, 4, 4, 4, 4])
    assert result.to_json_dict() == {
        "instrument": "swemwbs",
        "version": "1",
        "total": 29,
        "metric": 26.02,
        "bands": {},
        "flags": [],
    }
