"""A date typed into the day, month and year boxes that cannot be read says which part to fix."""

from __future__ import annotations

from datetime import date

import pytest

from linkwork.core.date_parts import date_parts_problem
from linkwork.core.forms import Form, NhsDateField


class _BirthForm(Form):
    born = NhsDateField(label="Date of birth")


def _message(day: str, month: str, year: str) -> list[str]:
    form = _BirthForm({"born_day": day, "born_month": month, "born_year": year})
    assert not form.is_valid()
    return [str(message) for message in form.errors["born"]]


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("29", "2", "1990", "Check “Date of birth”. February 1990 has days 1 to 28."),
        ("31", "4", "2024", "Check “Date of birth”. April 2024 has days 1 to 30."),
        ("1", "13", "1990", "Check “Date of birth”. Month must be between 1 and 12."),
        ("1", "0", "1990", "Check “Date of birth”. Month must be between 1 and 12."),
        ("32", "1", "1990", "Check “Date of birth”. Day must be between 1 and 31."),
        ("0", "1", "1990", "Check “Date of birth”. Day must be between 1 and 31."),
        (
            "1",
            "2",
            "90",
            "Check “Date of birth”. Enter the year as 4 digits, for example 1990.",
        ),
        (
            "1",
            "Feb",
            "1990",
            "Check “Date of birth”. Enter the day, month and year as numbers, "
            "for example 27 3 2025.",
        ),
        ("", "2", "1990", "Check “Date of birth”. It must include a day."),
        ("1", "", "", "Check “Date of birth”. It must include a month and a year."),
    ],
)
def test_each_impossible_date_says_what_is_wrong(
    day: str, month: str, year: str, expected: str
) -> None:
    assert _message(day, month, year) == [expected]


def test_a_leap_day_in_a_leap_year_is_a_date() -> None:
    form = _BirthForm({"born_day": "29", "born_month": "2", "born_year": "2024"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] == date(2024, 2, 29)


def test_a_whole_iso_value_is_explained_too() -> None:
    form = _BirthForm({"born": "2023-02-29"})
    assert not form.is_valid()
    assert form.errors["born"] == ["Check “Date of birth”. February 2023 has days 1 to 28."]


def test_blank_boxes_ask_for_the_date() -> None:
    form = _BirthForm({"born_day": "", "born_month": "", "born_year": ""})
    assert not form.is_valid()
    assert form.errors["born"] == ["Enter a date for “Date of birth”."]


def test_parts_that_make_a_date_have_no_problem() -> None:
    assert date_parts_problem("31", "12", "1999") is None
    assert date_parts_problem("29", "2", "2000") is None  # divisible by 400
    assert date_parts_problem("29", "2", "1900") == "February 1900 has days 1 to 28."
