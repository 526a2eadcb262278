"""Format messages name the field they belong to."""

from __future__ import annotations

from django import forms

from linkwork.core.forms import Form


class _ContactForm(Form):
    referrer_email = forms.EmailField(label="Referrer's email address")
    nhs_mail = forms.EmailField(label="NHS mail address", required=False)


def test_an_email_in_the_wrong_format_names_its_field() -> None:
    form = _ContactForm({"referrer_email": "not an address", "nhs_mail": "nope@"})
    assert not form.is_valid()
    assert form.errors["referrer_email"] == [
        "Enter the referrer's email address in the correct format, like name@example.com."
    ]
    assert form.errors["nhs_mail"] == [
        "Enter the NHS mail address in the correct format, like name@example.com."
    ]
