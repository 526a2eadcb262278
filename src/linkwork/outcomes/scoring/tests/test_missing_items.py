"""Missing-item rule and proration."""

from __future__ import annotations

from typing import Any

import pytest

from linkwork.outcomes.scoring import (
    get_definition,
    load_bespoke_definition,
    phq9_definition,
    score,
    wemwbs_definition,
)


def bespoke(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "club_confidence",
        "version": "1",
        "name": "Walking club confidence check",
        "items": [
            {"code": f"c{n}", "label": f"confidence {n}", "min": 1, "max": 5} for n in range(1, 6)
        ],
        "scoring": "sum",
        "max_missing": 1,
        "bands": [{"label": "low", "low": 5, "high": 14}, {"label": "high", "low": 15, "high": 25}],
        "mic": 2,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("instrument", ["wemwbs", "swemwbs", "ucla3", "phq9", "gad7"])
def test_builtins_allow_no_missing_items_by_default(instrument: str) -> None:
    definition = get_definition(instrument)
    assert definition.max_missing == 0
    assert definition.prorate is False
    answers: list[int | None] = [item.scale.min for item in definition.items]
    answers[-1] = None
    result = score(definition, answers)
    assert result.total is None
    assert result.missing == (definition.items[-1].code,)
    assert "incomplete" in result.flags


def test_bespoke_sum_prorates_one_missing_item() -> None:
    definition = load_bespoke_definition(bespoke())
    result = score(definition, [4, 4, 5, 5, None])
    # mean 4.5 x 5 items = 22.5, rounded half away from zero.
    assert result.total == 23
    assert result.prorated is True
    assert result.missing == ("c5",)
    assert result.bands == {"total": "high"}
    assert result.flags == ()


def test_bespoke_prorated_total_rounds_down_below_half() -> None:
    definition = load_bespoke_definition(bespoke())
    # mean 13/4 = 3.25 x 5 = 16.25 -> 16
    assert score(definition, {"c1": 4, "c2": 3, "c3": 3, "c4": 3}).total == 16


def test_bespoke_complete_answers_are_not_prorated() -> None:
    result = score(load_bespoke_definition(bespoke()), [1, 2, 3, 4, 5])
    assert result.total == 15
    assert result.prorated is False
    assert result.missing == ()


def test_bespoke_beyond_max_missing_is_unscored() -> None:
    result = score(load_bespoke_definition(bespoke()), [4, 4, 5, None, None])
    assert result.total is None
    assert result.missing == ("c4", "c5")
    assert result.flags == ("incomplete",)


def test_wemwbs_proration_can_be_switched_on() -> None:
    definition = wemwbs_definition(max_missing=2)
    assert definition.prorate is True
    result = score(definition, [4] * 12 + [None, None])
    assert result.total == 56
    assert result.prorated is True


def test_phq9_proration_keeps_the_risk_rule() -> None:
    result = score(phq9_definition(max_missing=1), [1, 1, 1, 1, 1, 1, 1, None, 1])
    assert result.total == 9
    assert result.flags == ("risk",)


def test_bespoke_mean_uses_answered_items() -> None:
    definition = load_bespoke_definition(bespoke(scoring="mean", bands=[], max_missing=2))
    result = score(definition, [1, 2, 2, None, None])
    assert result.total == 1.67
    assert result.prorated is True


def test_bespoke_per_domain_means() -> None:
    items = [
        {"code": "a1", "label": "a one", "min": 1, "max": 5, "domain": "alpha"},
        {"code": "a2", "label": "a two", "min": 1, "max": 5, "domain": "alpha", "reversed": True},
        {"code": "b1", "label": "b one", "min": 0, "max": 10, "domain": "beta"},
    ]
    definition = load_bespoke_definition(
        bespoke(items=items, scoring="per_domain", bands=[], max_missing=1)
    )
    result = score(definition, [4, 1, 7])
    # a2 reversed: 1 -> 5, so alpha = mean(4, 5) = 4.5
    assert result.subscores == {"alpha": 4.5, "beta": 7.0}
    assert result.to_json_dict()["subscores"] == {"alpha": 4.5, "beta": 7.0}
    partial = score(definition, [4, 1, None])
    assert partial.subscores == {"alpha": 4.5}
    assert partial.missing == ("b1",)


def test_ons4_scores_each_answered_item_on_its_own() -> None:
    """ONS analyses each item separately, so one unanswered item costs only that item."""
    result = score(get_definition("ons4"), [7, 8, 5, None])
    assert result.scored
    assert "incomplete" not in result.flags
    assert result.items == {"life_satisfaction": 7, "worthwhile": 8, "happiness": 5}
    assert result.bands == {
        "life_satisfaction": "High",
        "worthwhile": "High",
        "happiness": "Medium",
    }
    assert result.missing == ("anxiety",)
    assert result.prorated is False
    assert result.to_json_dict()["items"] == {
        "life_satisfaction": 7,
        "worthwhile": 8,
        "happiness": 5,
    }


def test_ons4_with_only_anxiety_answered_still_scores_anxiety() -> None:
    result = score(get_definition("ons4"), {"anxiety": 6})
    assert result.items == {"anxiety": 6}
    assert result.bands == {"anxiety": "High"}
    assert result.missing == ("life_satisfaction", "worthwhile", "happiness")


def test_ons4_with_nothing_answered_is_refused() -> None:
    with pytest.raises(ValueError, match="answer at least one question"):
        score(get_definition("ons4"), [None, None, None, None])
