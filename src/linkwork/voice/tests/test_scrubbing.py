from __future__ import annotations

import pytest

from linkwork.voice.scrubbing import scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call on 07700 900123 tomorrow", "Call on [phone number] tomorrow"),
        ("ring 07700900123, then", "ring [phone number], then"),
        ("+44 7700 900123 after lunch", "[phone number] after lunch"),
        ("+44 (0)161 496 0000 or (0161) 496 0000 here", "[phone number] or [phone number] here"),
        ("020 7946 0000 is the office", "[phone number] is the office"),
        ("NHS 943 476 5919 and 9434765919.", "NHS [NHS or CHI number] and [NHS or CHI number]."),
        ("CHI 010190 1234 x", "CHI [NHS or CHI number] x"),
        ("born 10/12/1960 or 1960-12-10", "born [date] or [date]"),
        ("on 10th December 1960 and Dec 10, 1960", "on [date] and [date]"),
        ("lives at LS6 2QT, near m1 1ae", "lives at [postcode], near [postcode]"),
        ("write to ada.l+x@example.org now", "write to [email address] now"),
        ("in 2019 she went to 3 groups in week 2", "in 2019 she went to 3 groups in week 2"),
    ],
)
def test_identifiers_are_replaced_and_the_words_around_them_kept(text: str, expected: str) -> None:
    assert scrub(text) == expected


def test_the_record_s_names_go_in_any_case_with_their_possessive_kept() -> None:
    text = "Ada's son told ADA LOVELACE and Mr Lovelace; Adam stayed."
    assert scrub(text, names=["Ada Lovelace"]) == (
        "[name]'s son told [name] [name] and Mr [name]; Adam stayed."
    )


def test_a_hyphenated_name_goes_whole() -> None:
    assert scrub("Anne-Marie met Anne", names=["Anne-Marie"]) == "[name] met Anne"


def test_text_with_nothing_to_scrub_is_unchanged() -> None:
    text = "She joined a walking group and now volunteers twice a week."
    assert scrub(text, names=["Ada"]) == text
