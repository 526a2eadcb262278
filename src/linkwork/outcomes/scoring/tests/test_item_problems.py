"""item_problems: every bad answer at once, for forms that mark each item."""

from __future__ import annotations

from linkwork.outcomes.scoring import get_definition, item_problems


def test_every_bad_item_is_reported() -> None:
    problems = item_problems(get_definition("swemwbs"), [0, 3, 6, 3, None, 3, "x"])
    assert problems == {
        "optimistic": "Item 'optimistic' must be a whole number from 1 to 5; got 0.",
        "relaxed": ("Item 'relaxed' must be a whole number from 1 to 5; got 6."),
        "own_mind": "Item 'own_mind' must be a whole number from 1 to 5; got 'x'.",
    }


def test_good_and_missing_answers_are_not_problems() -> None:
    assert item_problems(get_definition("phq9"), [0, 1, 2, 3, None, None, 0, 0, 1]) == {}


def test_shape_problems_are_keyed_by_the_empty_code() -> None:
    assert item_problems(get_definition("gad7"), [1, 2]) == {
        "": "gad7 has 7 items; got 2 responses."
    }
    assert item_problems(get_definition("ons4"), {"mood": 1}) == {
        "mood": "Unknown item 'mood' for ons4; expected one of: life_satisfaction, worthwhile, "
        "happiness, anxiety."
    }
