"""Licensed score-only tools: range checks and pass-through subscores."""

from __future__ import annotations

import pytest

from linkwork.outcomes.scoring import ScoringError, get_definition, score

LICENSED = ["wellbeing_star", "pam", "recovery_outcomes_web", "eq5d5l", "mycaw"]


@pytest.mark.parametrize("instrument", LICENSED)
def test_licensed_definitions_hold_no_scoring_of_their_own(instrument: str) -> None:
    definition = get_definition(instrument)
    assert definition.kind == "licensed_score_only"
    assert definition.scoring == "per_domain"
    assert definition.total_range is None
    assert definition.bands == ()
    assert definition.mic is None
    assert definition.licence


def test_eq5d5l_scores_pass_through() -> None:
    answers = {
        "mobility": 1,
        "self_care": 2,
        "usual_activities": 3,
        "pain_discomfort": 4,
        "anxiety_depression": 5,
        "vas": 80,
    }
    result = score(get_definition("eq5d5l"), answers)
    assert result.subscores == answers
    assert result.to_json_dict() == {
        "instrument": "eq5d5l",
        "version": "1",
        "total": None,
        "metric": None,
        "subscores": answers,
        "bands": {},
        "flags": [],
    }


def test_eq5d5l_needs_both_parts() -> None:
    result = score(get_definition("eq5d5l"), [1, 1, 1, 1, 1, None])
    assert result.flags == ("incomplete",)
    assert result.missing == ("vas",)


@pytest.mark.parametrize(
    ("instrument", "answers", "message"),
    [
        (
            "eq5d5l",
            [1, 1, 6, 1, 1, 50],
            "Item 'usual_activities' must be a whole number from 1 to 5; got 6.",
        ),
        (
            "eq5d5l",
            [1, 1, 1, 1, 1, 101],
            "Item 'vas' must be a whole number from 0 to 100; got 101.",
        ),
        (
            "pam",
            {"score": 100.5, "level": 4},
            "Item 'score' must be a number from 0 to 100; got 100.5.",
        ),
        (
            "pam",
            {"score": float("nan"), "level": 4},
            "Item 'score' must be a number from 0 to 100; got nan.",
        ),
        (
            "pam",
            {"score": "55", "level": 4},
            "Item 'score' must be a number from 0 to 100; got '55'.",
        ),
        (
            "pam",
            {"score": 55, "level": 5},
            "Item 'level' must be a whole number from 1 to 4; got 5.",
        ),
        (
            "mycaw",
            {"concern_1": 7, "wellbeing": 3},
            "Item 'concern_1' must be a whole number from 0 to 6; got 7.",
        ),
        (
            "wellbeing_star",
            {"area_1": 0},
            "Item 'area_1' must be a whole number from 1 to 10; got 0.",
        ),
        (
            "recovery_outcomes_web",
            {"area_2": 11},
            "Item 'area_2' must be a whole number from 1 to 10; got 11.",
        ),
    ],
)
def test_licensed_out_of_range(instrument: str, answers: object, message: str) -> None:
    with pytest.raises(ScoringError) as caught:
        score(get_definition(instrument), answers)  # type: ignore[arg-type]
    assert caught.value.message == message


def test_pam_accepts_a_fractional_activation_score() -> None:
    result = score(get_definition("pam"), {"score": 55.6, "level": 3})
    assert result.subscores == {"score": 55.6, "level": 3}


def test_mycaw_second_concern_is_optional() -> None:
    result = score(get_definition("mycaw"), {"concern_1": 5, "wellbeing": 2})
    assert result.subscores == {"concern_1": 5, "wellbeing": 2}
    assert result.missing == ()
    assert result.flags == ()
    assert get_definition("mycaw").higher_is_better is False


def test_mycaw_first_concern_is_required() -> None:
    result = score(get_definition("mycaw"), {"concern_2": 5, "wellbeing": 2})
    assert result.flags == ("incomplete",)
    assert result.missing == ("concern_1",)


def test_star_records_any_reported_areas() -> None:
    result = score(get_definition("wellbeing_star"), {"area_1": 3, "area_4": 10})
    assert result.subscores == {"area_1": 3, "area_4": 10}


def test_star_rejects_unknown_area_and_empty_submission() -> None:
    definition = get_definition("wellbeing_star")
    with pytest.raises(ScoringError, match=r"^Unknown item 'area_11' for wellbeing_star;"):
        score(definition, {"area_11": 3})
    with pytest.raises(
        ScoringError, match=r"^No answers were given for .*: answer at least one question\.$"
    ):
        score(definition, {})
