"""Disclosure control across linked tables: the rule on small, hand-checked cases."""

from __future__ import annotations

import doctest

import pytest

from linkwork.stats import disclosure
from linkwork.stats.disclosure import Margin, protect, round_count

# Schemes a (3 people) and b (20) in region North, c (27) in South; a and c use model 1, b model
# 2. Every breakdown shares the total.
COUNTS = {"all": 50, "a": 3, "b": 20, "c": 27, "North": 23, "South": 27, "m1": 30, "m2": 20}
MARGINS = [
    Margin("all", ("a", "b", "c")),
    Margin("all", ("North", "South")),
    Margin("all", ("m1", "m2")),
    Margin("North", ("a", "b")),
    Margin("South", ("c",)),
    Margin("m1", ("a", "c")),
    Margin("m2", ("b",)),
]


def test_the_doctests_hold() -> None:
    assert doctest.testmod(disclosure).failed == 0


def test_rounding_to_the_nearest_five_halves_up() -> None:
    assert [round_count(n) for n in (0, 2, 3, 10, 12, 13, 97)] == [0, 0, 5, 10, 10, 15, 95]
    assert round_count(13, 1) == 13
    with pytest.raises(ValueError, match="rounding base"):
        round_count(3, 0)


def test_one_table_hides_a_second_cell_so_the_total_gives_only_a_large_sum() -> None:
    hidden = protect(
        {"t": 50, "x": 3, "y": 20, "z": 27}, [Margin("t", ("x", "y", "z"))], threshold=10
    )
    assert hidden.hidden == {"x", "y"}
    assert hidden.primary == {"x"}


def test_two_small_cells_that_add_up_to_a_small_group_take_a_third() -> None:
    hidden = protect(
        {"t": 60, "x": 3, "y": 4, "z": 20, "w": 33},
        [Margin("t", ("x", "y", "z", "w"))],
        threshold=10,
    )
    assert hidden.hidden == {"x", "y", "z"}


def test_zeros_are_shown_and_never_used_as_cover() -> None:
    hidden = protect(
        {"t": 30, "x": 0, "y": 4, "z": 26}, [Margin("t", ("x", "y", "z"))], threshold=10
    )
    assert hidden.hidden == {"y", "z"}


def test_a_hidden_scheme_is_not_recoverable_through_its_region_or_model() -> None:
    hidden = protect(COUNTS, MARGINS, threshold=10).hidden
    assert "a" in hidden
    known = set(COUNTS) - hidden
    solved = True
    while solved:  # subtract through every margin, again and again
        solved = False
        for margin in MARGINS:
            unknown = [c for c in margin.members if c not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                solved = True
    assert "a" not in known


def test_hidden_parts_worked_out_elsewhere_do_not_cover_a_small_sum() -> None:
    """b (7) and d (2) are hidden, a (12) with them as cover; but a is the only scheme of
    its region, so it comes back from North, and all less a less c then gives b + d = 9."""
    counts = {"all": 36, "a": 12, "b": 7, "c": 15, "d": 2, "North": 12}
    margins = [Margin("all", ("a", "b", "c", "d")), Margin("North", ("a",))]
    hidden = protect(counts, margins, threshold=10).hidden
    known = set(counts) - hidden
    solved = True
    while solved:
        solved = False
        for margin in margins:
            unknown = [c for c in margin.members if c not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                solved = True
    assert {"b", "d"} <= hidden
    for margin in margins:
        if margin.total in known:
            rest = sum(counts[c] for c in margin.parts if c not in known)
            assert rest == 0 or rest >= 10, (margin, rest)


def test_an_unpublished_complement_is_protected_too() -> None:
    """Of 20 people 16 improved: publishing both says 4 did not."""
    counts = {"n": 20, "improved": 16, "not improved": 4}
    hidden = protect(
        counts,
        [Margin("n", ("improved", "not improved"))],
        threshold=10,
        unpublished=["not improved"],
    ).hidden
    assert hidden == {"improved"}


def test_chains_of_margins_are_solved_together() -> None:
    """x+y, y+z and x+z published through three totals pin down each of x, y and z."""
    counts = {"t1": 18, "t2": 18, "t3": 18, "x": 6, "y": 6, "z": 6, "p": 30, "q": 30, "r": 30}
    margins = [
        Margin("p", ("x", "y", "t1")),
        Margin("q", ("y", "z", "t2")),
        Margin("r", ("x", "z", "t3")),
    ]
    hidden = protect(counts, margins, threshold=10).hidden
    assert {"x", "y", "z"} <= hidden
    assert len(hidden) > 3


def test_bad_threshold_and_unknown_cells_are_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        protect({"a": 1}, [], threshold=0)
    with pytest.raises(ValueError, match="no count"):
        protect({"a": 1}, [Margin("a", ("b",))], threshold=10)


def test_tied_cells_carry_the_margins_of_both() -> None:
    """Type x has 3 people (hidden) but 12 gains: the gains go with the people, and then the
    table of gains, which adds up to a published total, needs a second hidden type."""
    counts = {"gains": 60, "x gains": 12, "y gains": 20, "z gains": 28, "x": 3, "y": 15, "z": 25}
    margins = [Margin("gains", ("x gains", "y gains", "z gains"))]
    ties = [(a, f"{a} gains") for a in "xyz"] + [(f"{a} gains", a) for a in "xyz"]
    hidden = protect(counts, margins, threshold=10, ties=ties)
    assert hidden.hidden == {"x", "x gains", "y", "y gains"}
    assert hidden.primary == {"x"}
    # Without the tie nothing links the people to the gains, and the gains all show.
    assert protect(counts, margins, threshold=10).hidden == {"x"}
    with pytest.raises(ValueError, match="no count"):
        protect(counts, margins, threshold=10, ties=[("x", "w")])


def test_a_tie_goes_one_way() -> None:
    """A hidden row hides its numerator; a hidden numerator leaves the row's size shown."""
    counts = {"all": 60, "a": 30, "b": 30, "a with": 3, "b with": 12, "with": 15}
    margins = [Margin("all", ("a", "b")), Margin("with", ("a with", "b with"))]
    ties = [("a", "a with"), ("b", "b with")]
    hidden = protect(counts, margins, threshold=10, ties=ties).hidden
    assert hidden == {"a with", "b with"}


def test_a_cell_with_every_neighbour_hidden_is_protected_from_its_own_tables_only() -> None:
    """When everything sharing a margin with a determined cell is hidden already, the next
    cell hidden is the smallest a step further out along its margins, never one of an
    unrelated table (which cannot help, and once hid a whole report section)."""
    counts = {"y": 31, "g": 11, "h": 20, "x": 28, "a": 3, "b": 25, "c": 12, "d": 16}
    margins = [Margin("y", ("g", "h")), Margin("x", ("a", "b")), Margin("x", ("c", "d"))]
    order = {cell: index for index, cell in enumerate(counts)}
    hidden = {"a", "b", "x"}
    disclosure._hide_beside("a", counts, margins, hidden, set(), order)
    assert hidden == {"a", "b", "x", "c"}
    # Nothing linked to it is left to hide: say so rather than hide unrelated cells.
    lonely = {"x": 28, "a": 3, "b": 25, "g": 11}
    with pytest.raises(ValueError, match="nothing left to hide"):
        disclosure._hide_beside(
            "a",
            lonely,
            [Margin("x", ("a", "b"))],
            {"a", "b", "x"},
            set(),
            {cell: index for index, cell in enumerate(lonely)},
        )
