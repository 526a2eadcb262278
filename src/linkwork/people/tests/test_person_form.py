"""The person form reports the record's rules beside its own, whichever fields are missing."""

from __future__ import annotations

import pytest

from linkwork.people.forms import PersonForm

pytestmark = pytest.mark.django_db

VALID = {
    "given_name": "Ada",
    "family_name": "Lovelace",
    "date_of_birth": "1980-05-01",
    "sex": "female",
    "gender_identity": "not_asked",
    "preferred_contact": "phone",
    "preferred_language": "English",
}


def _errors(country: str = "england", **changes: str) -> dict[str, list[str]]:
    form = PersonForm({**VALID, **changes}, country=country)
    assert not form.is_valid()
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def test_blank_names_do_not_hide_the_other_problems() -> None:
    errors = _errors(
        given_name="",
        family_name="",
        date_of_birth="2090-01-01",
        nhs_number="943 476 5918",
        postcode="ZZ9 9ZZ",
        phone="12345",
    )
    assert errors["given_name"] == ["Fill in “First name”."]
    assert errors["family_name"] == ["Fill in “Last name”."]
    assert errors["date_of_birth"] == ["Date of birth must be in the past."]
    assert errors["nhs_number"] == [
        "This NHS number is not valid: check each digit against the person's records."
    ]
    assert "postcode" in errors
    assert "phone" in errors


def test_a_missing_date_of_birth_does_not_hide_the_other_problems() -> None:
    errors = _errors(date_of_birth="", nhs_number="12345", phone="12345")
    # The form's own message only: the rules do not add a second one for the same field.
    assert errors["date_of_birth"] == ["Enter a date for “Date of birth”."]
    assert errors["nhs_number"] == ["Enter all 10 digits of the NHS number; this has 5."]
    assert "phone" in errors


def test_a_chi_number_is_checked_without_a_date_of_birth() -> None:
    errors = _errors(country="scotland", date_of_birth="", chi_number="0101011238")
    assert errors["chi_number"] == [
        "This CHI number is not valid: check each digit against the person's records."
    ]


def test_valid_details_come_back_whole() -> None:
    form = PersonForm({**VALID, "postcode": "", "email": ""}, country="england")
    assert form.is_valid(), form.errors
    details = form.details()
    assert details.given_name == "Ada"
    assert details.nhs_number == ""
    assert details.sex == "female"


def test_an_email_in_the_wrong_format_names_the_field() -> None:
    errors = _errors(email="ada.example.com")
    assert errors["email"] == [
        "Enter the email address in the correct format, like name@example.com."
    ]
