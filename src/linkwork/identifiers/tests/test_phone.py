from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkwork.identifiers import IdentifierError, normalise_phone


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (" 07700-900982 ", "07700 900982"),
        ("(01632) 960 001", "01632 960 001"),
        ("+44 (0)7700 900 982", "+44 7700 900 982"),
        ("+1 212 555 0100", "+1 212 555 0100"),
        ("0161.496.0000", "0161 496 0000"),
    ],
)
def test_dialable_numbers_are_kept_tidied(typed: str, kept: str) -> None:
    assert normalise_phone(typed) == kept


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12345", "phone_length"),
        ("7700 900982", "phone_length"),
        ("+44 77009", "phone_length"),
        ("+44 07700 900 982", "phone_length"),
        ("0770090012345678", "phone_length"),
        ("call after 6", "phone_characters"),
        ("07700 9OO982", "phone_characters"),
        ("   ", "phone_empty"),
    ],
)
def test_numbers_nobody_could_dial_are_refused(typed: str, code: str) -> None:
    with pytest.raises(IdentifierError) as raised:
        normalise_phone(typed)
    assert raised.value.code == code
    assert "01632 960 001" in str(raised.value)  # every message shows what to type


@given(st.text(max_size=40))
def test_any_text_either_normalises_or_is_refused_with_a_reason(typed: str) -> None:
    try:
        kept = normalise_phone(typed)
    except IdentifierError as exc:
        code = exc.code
    else:
        code = "accepted"
        assert normalise_phone(kept) == kept  # tidying is stable
    assert code == "accepted" or code.startswith("phone_")
