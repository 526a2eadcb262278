"""The feedback results' disclosure control, on counts alone: small and large schemes, the
share agreeing withheld where it would tell a small group's (or everyone's) answer, and never
recoverable from the total and the other schemes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from linkwork.voice.results_disclosure import TOTAL, GroupCounts, Shown, protect_feedback

ITEM = "listened"


def shown(groups: dict[str, tuple[int, int]], *, total: bool = True) -> Shown:
    return protect_feedback(
        {label: GroupCounts(n, {ITEM: agreeing}) for label, (n, agreeing) in groups.items()},
        items=[ITEM],
        threshold=10,
        total_shown=total,
    )


def test_large_groups_split_both_ways_are_shown() -> None:
    result = shown({"A": (40, 25), "B": (300, 120)})
    assert result.hidden_groups == frozenset()
    assert result.withheld == {"A": frozenset(), "B": frozenset(), TOTAL: frozenset()}


def test_a_small_scheme_is_hidden_whole_and_another_with_it() -> None:
    result = shown({"A": (4, 2), "B": (30, 15), "C": (50, 20)})
    assert result.hidden_groups == {"A", "B"}


def test_a_small_number_agreeing_or_not_withholds_the_percentage() -> None:
    result = shown({"A": (40, 35), "B": (40, 3)}, total=False)
    assert result.withheld["A"] == {ITEM}  # 5 did not agree
    assert result.withheld["B"] == {ITEM}  # 3 agreed


def test_everyone_the_same_side_withholds_the_percentage_even_in_a_large_scheme() -> None:
    result = shown({"A": (200, 200), "B": (50, 0)}, total=False)
    assert result.withheld["A"] == {ITEM}  # 100%
    assert result.withheld["B"] == {ITEM}  # 0%


def test_a_withheld_percentage_cannot_be_worked_out_from_the_total() -> None:
    # B's 100% is withheld; with A's 50% and the total's 75% shown, B's would be 40 - 20.
    result = shown({"A": (40, 20), "B": (40, 40)})
    assert result.withheld["B"] == {ITEM}
    assert ITEM in result.withheld["A"] or ITEM in result.withheld[TOTAL]


def test_no_answers_shows_the_count_and_no_percentage() -> None:
    result = shown({"A": (0, 0)}, total=False)
    assert "A" not in result.hidden_groups
    assert result.withheld["A"] == {ITEM}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.integers(min_value=0, max_value=60).flatmap(
            lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=n))
        ),
        min_size=1,
        max_size=4,
    )
)
def test_no_published_percentage_tells_a_small_group_or_everyone(
    groups: list[tuple[int, int]],
) -> None:
    labelled = {f"S{i}": group for i, group in enumerate(groups)}
    total = len(groups) > 1 and sum(n for n, _ in groups) >= 10
    result = shown(labelled, total=total)
    everyone = (sum(n for n, _ in groups), sum(a for _, a in groups))
    for label, (n, agreeing) in {**labelled, TOTAL: everyone}.items():
        if label in result.hidden_groups or (label == TOTAL and not total):
            continue
        if ITEM in result.withheld[label]:
            continue
        assert agreeing >= 10, (label, n, agreeing)
        assert n - agreeing >= 10, (label, n, agreeing)
