from __future__ import annotations

import pytest

from linkwork.stats import DEFAULT_THRESHOLD, suppress, suppress_rows


def _row(group: str, n: int) -> dict[str, object]:
    return {"group": group, "n": n, "mean_change": 1.25, "share_improved": 0.5}


def test_threshold_boundary() -> None:
    assert DEFAULT_THRESHOLD == 10
    assert [suppress(n) for n in (0, 1, 9, 10, 11)] == [True, True, True, False, False]
    assert suppress(4, threshold=5) is True
    assert suppress(5, threshold=5) is False


@pytest.mark.parametrize("n", [-1, 2.5, True, None])
def test_suppress_refuses_non_counts(n: object) -> None:
    with pytest.raises(ValueError, match="n must be"):
        suppress(n)  # type: ignore[arg-type]


def test_nothing_small_nothing_hidden() -> None:
    rows = [_row("A", 10), _row("B", 30)]
    out = suppress_rows(rows)
    assert [row["suppressed"] for row in out] == [False, False]
    assert out[0] == {**rows[0], "suppressed": False}


def test_one_small_group_and_a_total_hides_the_next_smallest() -> None:
    rows = [_row("A", 40), _row("B", 4), _row("C", 15), _row("D", 22)]
    out = suppress_rows(rows)
    assert [row["suppressed"] for row in out] == [False, True, True, False]
    # Published: A = 40, D = 22, total = 81 -> B + C = 19, but neither alone.
    assert out[1] == {
        "group": "B",
        "n": None,
        "mean_change": None,
        "share_improved": None,
        "suppressed": True,
    }
    assert out[2]["n"] is None
    assert out[2]["mean_change"] is None
    assert out[0]["n"] == 40


def test_secondary_choice_on_a_tie_is_the_first_in_order() -> None:
    rows = [_row("A", 3), _row("B", 20), _row("C", 20)]
    assert [row["suppressed"] for row in suppress_rows(rows)] == [True, True, False]


def test_no_total_no_secondary_suppression() -> None:
    rows = [_row("A", 40), _row("B", 4), _row("C", 15)]
    out = suppress_rows(rows, total_reported=False)
    assert [row["suppressed"] for row in out] == [False, True, False]


def test_two_small_groups_need_no_secondary_suppression() -> None:
    rows = [_row("A", 40), _row("B", 4), _row("C", 6), _row("D", 15)]
    assert [row["suppressed"] for row in suppress_rows(rows)] == [False, True, True, False]


def test_every_group_small() -> None:
    rows = [_row("A", 1), _row("B", 2)]
    assert [row["suppressed"] for row in suppress_rows(rows)] == [True, True]


def test_single_small_group_with_a_total_cannot_be_protected() -> None:
    with pytest.raises(ValueError, match="suppress the total"):
        suppress_rows([_row("A", 3)])
    out = suppress_rows([_row("A", 3)], total_reported=False)
    assert out[0]["suppressed"] is True


def test_zero_counts_are_suppressed() -> None:
    rows = [_row("A", 0), _row("B", 12), _row("C", 30)]
    assert [row["suppressed"] for row in suppress_rows(rows)] == [True, True, False]


def test_label_keys_and_threshold() -> None:
    rows = [
        {"model": "hub", "quarter": "2025Q1", "n": 6, "mean": 2.0},
        {"model": "embedded", "quarter": "2025Q1", "n": 8, "mean": 1.0},
    ]
    out = suppress_rows(rows, threshold=7, label_keys=("model", "quarter"))
    assert out[0] == {
        "model": "hub",
        "quarter": "2025Q1",
        "n": None,
        "mean": None,
        "suppressed": True,
    }
    assert out[1] == {
        "model": "embedded",
        "quarter": "2025Q1",
        "n": None,
        "mean": None,
        "suppressed": True,
    }


def test_rows_are_not_modified() -> None:
    rows = [_row("A", 40), _row("B", 4), _row("C", 15)]
    before = [dict(row) for row in rows]
    suppress_rows(rows)
    assert rows == before


def test_empty_set() -> None:
    assert suppress_rows([]) == []


@pytest.mark.parametrize("n", [None, -2, 3.0, "7", False])
def test_rows_need_whole_number_n(n: object) -> None:
    with pytest.raises(ValueError, match="row 1"):
        suppress_rows([_row("A", 20), {"group": "B", "n": n}])


@pytest.mark.parametrize("threshold", [0, -1, 2.5])
def test_threshold_must_be_positive(threshold: int) -> None:
    with pytest.raises(ValueError, match="threshold"):
        suppress_rows([_row("A", 20)], threshold=threshold)
