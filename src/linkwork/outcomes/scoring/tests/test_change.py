"""classify_change: MIC thresholds and direction."""

from __future__ import annotations

import pytest

from linkwork.outcomes.scoring import (
    ScoringError,
    classify_change,
    get_definition,
    wemwbs_definition,
)


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [
        (40, 43, "improved"),
        (40, 42, "no_meaningful_change"),
        (40, 40, "no_meaningful_change"),
        (40, 38, "no_meaningful_change"),
        (40, 37, "worse"),
    ],
)
def test_wemwbs_higher_is_better(baseline: float, latest: float, expected: str) -> None:
    assert classify_change(get_definition("wemwbs"), baseline, latest) == expected


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "expected"),
    [
        ("phq9", 15, 10, "improved"),
        ("phq9", 15, 11, "no_meaningful_change"),
        ("phq9", 10, 15, "worse"),
        ("gad7", 12, 8, "improved"),
        ("gad7", 12, 9, "no_meaningful_change"),
        ("gad7", 8, 12, "worse"),
    ],
)
def test_lower_is_better(instrument: str, baseline: float, latest: float, expected: str) -> None:
    assert classify_change(get_definition(instrument), baseline, latest) == expected


def test_swemwbs_metric_difference_survives_float_error() -> None:
    definition = get_definition("swemwbs")
    # 10.03 - 7.03 is 2.999999999999999 in binary floating point.
    assert 10.03 - 7.03 < 3
    assert classify_change(definition, 7.03, 10.03) == "improved"
    assert classify_change(definition, 10.03, 7.03) == "worse"
    assert classify_change(definition, 23.21, 26.02) == "no_meaningful_change"


def test_ucla3_needs_a_mic_and_lower_is_better() -> None:
    definition = get_definition("ucla3")
    with pytest.raises(ScoringError) as caught:
        classify_change(definition, 7, 4)
    assert caught.value.message == (
        "ucla3 has no minimal important change; pass mic= to classify change."
    )
    assert classify_change(definition, 7, 5, mic=2) == "improved"
    assert classify_change(definition, 5, 7, mic=2) == "worse"


def test_mic_is_configurable() -> None:
    assert classify_change(wemwbs_definition(mic=5), 40, 44) == "no_meaningful_change"
    assert classify_change(get_definition("wemwbs"), 40, 44, mic=5) == "no_meaningful_change"


def test_no_total_no_change() -> None:
    with pytest.raises(ScoringError) as caught:
        classify_change(get_definition("ons4"), 5, 8)
    assert caught.value.message == "ons4 has no total score, so change cannot be classified."


@pytest.mark.parametrize(
    ("baseline", "latest", "message"),
    [
        (80, 40, "Baseline score for wemwbs must be a number from 14 to 70; got 80."),
        (40, 13.5, "Latest score for wemwbs must be a number from 14 to 70; got 13.5."),
        (40, float("inf"), "Latest score for wemwbs must be a number from 14 to 70; got inf."),
    ],
)
def test_scores_outside_the_range_are_rejected(
    baseline: float, latest: float, message: str
) -> None:
    with pytest.raises(ScoringError) as caught:
        classify_change(get_definition("wemwbs"), baseline, latest)
    assert caught.value.message == message


def test_mic_override_must_be_positive() -> None:
    with pytest.raises(ScoringError, match=r"must be above 0; got 0\.$"):
        classify_change(get_definition("wemwbs"), 40, 44, mic=0)
