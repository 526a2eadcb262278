"""Input handling: list vs mapping, and every rejection path with its message."""

from __future__ import annotations

import pytest

from linkwork.outcomes.scoring import ScoreResult, ScoringError, get_definition, score


@pytest.mark.parametrize("instrument", ["ons4", "wemwbs", "swemwbs", "ucla3", "phq9", "gad7"])
def test_list_and_mapping_inputs_score_identically(instrument: str) -> None:
    definition = get_definition(instrument)
    answers = [
        item.scale.min + (index % (item.scale.max - item.scale.min + 1))
        for index, item in enumerate(definition.items)
    ]
    by_code = dict(zip(definition.item_codes, answers, strict=True))
    # Key order must not matter either.
    reordered = dict(reversed(list(by_code.items())))
    assert score(definition, answers) == score(definition, by_code)
    assert score(definition, answers) == score(definition, reordered)
    assert (
        score(definition, tuple(answers)).to_json_dict()
        == score(definition, by_code).to_json_dict()
    )


def rejection(instrument: str, responses: object) -> ScoringError:
    with pytest.raises(ScoringError) as caught:
        score(get_definition(instrument), responses)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("value", "shown"),
    [(11, "11"), (-1, "-1"), (3.5, "3.5"), (3.0, "3"), ("3", "'3'"), (True, "True"), ([3], "[3]")],
)
def test_bad_answer_names_item_and_range(value: object, shown: str) -> None:
    error = rejection(
        "ons4", {"life_satisfaction": 5, "worthwhile": 5, "happiness": 5, "anxiety": value}
    )
    assert error.message == f"Item 'anxiety' must be a whole number from 0 to 10; got {shown}."
    assert str(error) == error.message
    assert error.item == "anxiety"


def test_out_of_range_in_list_input() -> None:
    error = rejection("phq9", [0, 0, 0, 4, 0, 0, 0, 0, 0])
    assert error.message == "Item 'q4' must be a whole number from 0 to 3; got 4."
    assert error.item == "q4"


def test_below_range_on_one_based_scale() -> None:
    error = rejection("wemwbs", [0] + [3] * 13)
    assert error.message == "Item 'optimistic' must be a whole number from 1 to 5; got 0."


def test_too_many_responses() -> None:
    error = rejection("ons4", [1, 2, 3, 4, 5])
    assert error.message == "ons4 has 4 items; got 5 responses."
    assert error.item is None


def test_too_few_responses() -> None:
    assert rejection("gad7", [1]).message == "gad7 has 7 items; got 1 response."


def test_unknown_item_code() -> None:
    error = rejection("ucla3", {"companionship": 1, "left_out": 1, "lonely": 2})
    assert error.message == (
        "Unknown item 'lonely' for ucla3; expected one of: companionship, left_out, isolated."
    )
    assert error.item == "lonely"


def test_non_string_key() -> None:
    error = rejection("ucla3", {1: 1})
    assert error.message.startswith("Unknown item 1 for ucla3;")
    assert error.item is None


@pytest.mark.parametrize(("responses", "kind"), [("1111", "str"), (7, "int"), ({1, 2, 3}, "set")])
def test_responses_of_the_wrong_shape(responses: object, kind: str) -> None:
    error = rejection("ucla3", responses)
    assert error.message == (
        f"Responses must be a list in item order or a mapping of item code to answer; got {kind}."
    )


@pytest.mark.parametrize("responses", [[None, None, None], {}, {"isolated": None}])
def test_no_answers_at_all(responses: object) -> None:
    message = rejection("ucla3", responses).message
    assert message.startswith("No answers were given for ")
    assert "ucla3" not in message


def test_scoring_error_is_a_value_error() -> None:
    assert issubclass(ScoringError, ValueError)


@pytest.mark.parametrize("responses", [[1, None, 2], {"companionship": 1, "isolated": 2}])
def test_too_many_missing_gives_unscored_result(responses: object) -> None:
    result = score(get_definition("ucla3"), responses)  # type: ignore[arg-type]
    assert result.total is None
    assert result.missing == ("left_out",)
    assert result.flags == ("incomplete",)
    assert not result.scored
    assert result.to_json_dict() == {
        "instrument": "ucla3",
        "version": "1",
        "total": None,
        "metric": None,
        "bands": {},
        "flags": ["incomplete"],
    }


def test_unscored_per_item_results_keep_their_items_key() -> None:
    unscored = ScoreResult(instrument="ons4", version="1", reported="items", flags=("incomplete",))
    assert unscored.to_json_dict()["items"] is None


def test_ons4_missing_an_item_keeps_the_answered_items() -> None:
    # ONS4 items stand alone: one unanswered item no longer leaves the others unscored.
    result = score(get_definition("ons4"), [5, 5, 5, None])
    assert result.to_json_dict()["items"] == {
        "life_satisfaction": 5,
        "worthwhile": 5,
        "happiness": 5,
    }
    assert result.missing == ("anxiety",)
