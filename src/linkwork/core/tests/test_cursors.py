"""Keyset pages of a list held in memory: every row once, in order, whatever the page size."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.core.cursors import cursor_encode, page_after
from linkwork.core.errors import DomainError


def _key(row: tuple[str, int]) -> tuple[str, ...]:
    return (row[0], f"{row[1]:04d}")


@given(
    rows=st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 999)), unique=True),
    limit=st.integers(1, 5),
)
def test_following_the_cursors_shows_every_row_once_in_order(rows, limit) -> None:
    rows = sorted(rows, key=_key)
    shown: list[tuple[str, int]] = []
    cursor: str | None = None
    for _ in range(len(rows) + 1):  # bounded, so a cursor that repeats rows fails, not hangs
        page, after = page_after(rows, key=_key, parts=2, cursor=cursor, limit=limit)
        assert len(page) <= limit
        shown += page
        if after is None:
            break
        assert after == _key(page[-1])
        cursor = cursor_encode(after)
    else:
        pytest.fail("the pages never ended")
    assert shown == rows


def test_a_cursor_of_the_wrong_shape_is_refused() -> None:
    rows = [("a", 1), ("b", 2)]
    with pytest.raises(DomainError) as refused:
        page_after(rows, key=_key, parts=2, cursor=cursor_encode(["a"]), limit=1)
    assert refused.value.code == "cursor_invalid"
