"""A file's rows, held as tuples with repeated values shared, read back exactly as written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from linkwork.imports.harmonise.rows import Rows

COLUMNS = ("id", "sex", "date")


@given(
    st.lists(
        st.tuples(st.text(max_size=6), st.sampled_from(["F", "M", ""]), st.text(max_size=3)),
        max_size=30,
    )
)
def test_rows_read_back_as_the_dicts_they_were(cells: list[tuple[str, str, str]]) -> None:
    rows = Rows.from_columns(COLUMNS, [[row[i] for row in cells] for i in range(3)])
    expected = [dict(zip(COLUMNS, row, strict=True)) for row in cells]
    assert len(rows) == len(cells)
    assert list(rows) == expected
    assert [rows[i] for i in range(len(rows))] == expected
    assert rows[1:3] == expected[1:3]


def test_a_repeated_value_is_held_once_and_identifiers_as_read() -> None:
    # Strings built at run time, so equal values start as distinct objects.
    sexes = ["".join(["F", "emale"]) for _ in range(10)]
    ids = [f"C{i}" for i in range(10)]
    assert sexes[0] is not sexes[1]
    rows = Rows.from_columns(("id", "sex"), [ids, sexes])
    assert rows[0]["sex"] is rows[9]["sex"]
    assert [row["id"] for row in rows] == ids
