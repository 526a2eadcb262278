"""NoMAD scoring (pure): construct means, the reversed item, not-relevant answers left out,
the half-the-items rule, general items, and when results may be shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.implementation.nomad import (
    CONSTRUCT_ITEMS,
    GENERAL_ITEMS,
    Construct,
    answer_problems,
    is_reportable,
    item_score,
    respondent_scores,
    score_round,
)

ALL_FOUR = {item.code: 4 for item in CONSTRUCT_ITEMS}


def test_the_instrument_has_23_items_in_the_published_structure() -> None:
    counts = {c: sum(1 for i in CONSTRUCT_ITEMS if i.construct is c) for c in Construct}
    assert counts == {
        Construct.COHERENCE: 4,
        Construct.COGNITIVE_PARTICIPATION: 4,
        Construct.COLLECTIVE_ACTION: 7,
        Construct.REFLEXIVE_MONITORING: 5,
    }
    assert len(GENERAL_ITEMS) == 3
    reversed_items = [i for i in CONSTRUCT_ITEMS if i.reversed]
    assert [(i.code, i.component) for i in reversed_items] == [("ca2", "relational integration")]


def test_the_disrupts_relationships_item_is_reversed() -> None:
    assert item_score("ca2", 5) == 1.0
    assert item_score("ca2", 1) == 5.0
    assert item_score("ca1", 5) == 5.0
    # Strong agreement that it strains relations lowers collective action.
    scores = respondent_scores({**ALL_FOUR, "ca2": 5})
    assert scores[Construct.COLLECTIVE_ACTION] == pytest.approx((6 * 4 + 1) / 7)


def test_not_relevant_answers_are_left_out_of_the_mean() -> None:
    answers = {**ALL_FOUR, "co1": "nr_role", "co2": "nr_stage", "co3": 2}
    # Coherence from co3 (2) and co4 (4) only: two of four items is enough.
    assert respondent_scores(answers)[Construct.COHERENCE] == 3.0
    assert item_score("co1", "nr_programme") is None


def test_a_construct_needs_half_its_items_scored() -> None:
    answers = {**ALL_FOUR, "co1": "nr_role", "co2": "nr_role", "co3": "nr_stage"}
    assert Construct.COHERENCE not in respondent_scores(answers)
    five = {**ALL_FOUR, **{f"ca{n}": "nr_stage" for n in range(1, 5)}}  # 3 of 7 left
    assert Construct.COLLECTIVE_ACTION not in respondent_scores(five)
    four = {**ALL_FOUR, **{f"ca{n}": "nr_stage" for n in range(1, 4)}}  # 4 of 7 left
    assert Construct.COLLECTIVE_ACTION in respondent_scores(four)


def test_round_means_average_respondents_and_report_no_total() -> None:
    low = {item.code: 2 for item in CONSTRUCT_ITEMS} | {"ca2": 4, "g1": 3}
    high = {item.code: 5 for item in CONSTRUCT_ITEMS} | {"ca2": 1, "g1": 9, "g2": 6}
    result = score_round(
        [low, high, {**ALL_FOUR, "co1": "nr_role", "co2": "nr_role", "co3": "nr_role"}]
    )
    assert result.responses == 3
    assert result.construct_means[Construct.COHERENCE] == 3.5  # the third person is left out
    assert result.construct_n[Construct.COHERENCE] == 2
    # The third person answered 4 to the reversed item too, which scores 2: (6 * 4 + 2) / 7.
    assert result.construct_means[Construct.COLLECTIVE_ACTION] == pytest.approx(
        (2 + 5 + 26 / 7) / 3
    )
    assert result.general_means == {"g1": 6.0, "g2": 6.0, "g3": None}
    assert not hasattr(result, "total")


def test_answers_are_checked() -> None:
    assert answer_problems({"co1": 5, "co2": "nr_stage", "g1": 0, "g2": None}) == {}
    problems = answer_problems({"co1": 6, "co2": True, "g1": 11, "zz": 3, "co3": "maybe"})
    assert set(problems) == {"co1", "co2", "g1", "zz", "co3"}


def test_results_need_a_closed_round_with_enough_responses() -> None:
    assert not is_reportable(responses=4, closed=True, minimum=5)
    assert not is_reportable(responses=12, closed=False, minimum=5)
    assert is_reportable(responses=5, closed=True, minimum=5)


answer = st.one_of(st.integers(1, 5), st.sampled_from(["nr_role", "nr_stage", "nr_programme"]))


@given(
    st.lists(
        st.fixed_dictionaries({i.code: answer for i in CONSTRUCT_ITEMS}), min_size=1, max_size=8
    )
)
def test_construct_means_stay_on_the_scale(responses: list[dict[str, object]]) -> None:
    result = score_round(responses)
    for construct, mean in result.construct_means.items():
        assert mean is None or 1 <= mean <= 5
        assert result.construct_n[construct] <= len(responses)
