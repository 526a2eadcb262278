"""Format messages name the field they belong to."""

from __future__ import annotations

from django import forms

from linkwork.core.forms import Form
from linkwork.organisations.models import Organisation


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


class _ListsForm(Form):
    practice = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Practice")
    outgoing = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Outgoing link worker"
    )
    to = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Hand over to")
    own = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Region", empty_label="Any region"
    )


def test_lists_start_with_a_prompt_in_words_not_dashes() -> None:
    form = _ListsForm()
    html = str(form)
    assert "---------" not in html
    assert "Choose a practice" in html
    assert "Choose an outgoing link worker" in html
    assert "Choose one" in html  # "Hand over to" is not a noun to put after "a"
    assert "Any region" in html  # a form's own first option is kept
