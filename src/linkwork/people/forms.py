from __future__ import annotations

from typing import Any

from django import forms

from linkwork.core.forms import Form, NhsDateField
from linkwork.organisations.models import Organisation
from linkwork.people.data_rights import CORRECTABLE
from linkwork.people.services import PersonDetails, person_details_problems
from linkwork.people.vocab import (
    CONSENT_SHARED_CHOICES,
    CONTACT_METHOD_CHOICES,
    ETHNICITY_ENGLAND,
    ETHNICITY_SCOTLAND,
    GENDER_IDENTITY_CHOICES,
    SEX_CHOICES,
    public_choices,
)


class PersonForm(Form):
    """The person's details; the identifier and ethnicity fields follow the scheme's country."""

    given_name = forms.CharField(label="First name", max_length=100)
    family_name = forms.CharField(label="Last name", max_length=100)
    date_of_birth = NhsDateField(label="Date of birth")
    nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=14, help_text="10 digits, e.g. 943 476 5919"
    )
    chi_number = forms.CharField(
        label="CHI number", required=False, max_length=12, help_text="10 digits"
    )
    sex = forms.ChoiceField(label="Sex", choices=SEX_CHOICES, initial="not_known")
    gender_identity = forms.ChoiceField(
        label="Gender identity", choices=GENDER_IDENTITY_CHOICES, initial="not_asked"
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", required=False)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    phone = forms.CharField(label="Telephone", required=False, max_length=32)
    email = forms.EmailField(label="Email address", required=False)
    preferred_contact = forms.ChoiceField(
        label="Preferred contact", choices=CONTACT_METHOD_CHOICES, initial="phone"
    )
    preferred_language = forms.CharField(
        label="Preferred language", initial="English", max_length=64
    )
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)

    def __init__(
        self, *args: Any, country: str = "england", public: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.country = country
        codes = ETHNICITY_ENGLAND if country == "england" else ETHNICITY_SCOTLAND
        self.fields["ethnicity"].choices = [("", "Not asked yet"), *codes]  # type: ignore[attr-defined]
        del self.fields["chi_number" if country == "england" else "nhs_number"]
        if public:
            self._speak_to_the_person(codes)

    def _speak_to_the_person(self, ethnicity_codes: list[tuple[str, str]]) -> None:
        """On the public form the person answers for themself: no staff-only answers, and
        "Prefer not to say" chosen until they choose otherwise, so nothing is assumed."""
        for name, choices in (
            ("sex", SEX_CHOICES),
            ("gender_identity", GENDER_IDENTITY_CHOICES),
            ("ethnicity", ethnicity_codes),
        ):
            offered = public_choices(choices)
            field = self.fields[name]
            field.choices = offered  # type: ignore[attr-defined]
            field.initial = offered[0][0]
        self.fields["interpreter_needed"].label = "I need an interpreter"
        self.fields["preferred_contact"].label = "How would you like us to contact you?"
        self.fields["preferred_language"].label = "Your preferred language"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The record's own rules (a date of birth in the future, a number that fails its
        # check digit, an unknown postcode, a number nobody could dial) are reported with the
        # form's, so nobody fixes one set of messages only to be shown another. They run even
        # when a name or the date of birth is missing: a field the form already refused takes
        # a blank the rules pass over, and its own message stands alone.
        problems = person_details_problems(country=self.country, details=_details_so_far(cleaned))
        for name, messages in problems.items():
            if name in self.fields and name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return cleaned

    def details(self, **extra: Any) -> PersonDetails:
        """The details of a valid form."""
        data = self.cleaned_data
        return PersonDetails(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            # Only the identifier of the scheme's country is on the form.
            nhs_number=data.get("nhs_number", ""),
            chi_number=data.get("chi_number", ""),
            sex=data["sex"],
            gender_identity=data["gender_identity"],
            ethnicity=data["ethnicity"],
            preferred_contact=data["preferred_contact"],
            phone=data["phone"],
            email=data["email"],
            preferred_language=data["preferred_language"],
            interpreter_needed=data["interpreter_needed"],
            postcode=data["postcode"],
            **extra,
        )


# Fields whose blank value the record's rules accept, so a field the form refused (and left
# out of cleaned_data) takes the PersonDetails default without a second message.
_OPTIONAL_DETAILS = (
    "nhs_number",
    "chi_number",
    "sex",
    "gender_identity",
    "ethnicity",
    "preferred_contact",
    "phone",
    "email",
    "preferred_language",
    "interpreter_needed",
    "postcode",
)


def _details_so_far(cleaned: dict[str, Any]) -> PersonDetails:
    return PersonDetails(
        given_name=cleaned.get("given_name", ""),
        family_name=cleaned.get("family_name", ""),
        date_of_birth=cleaned.get("date_of_birth"),
        **{name: cleaned[name] for name in _OPTIONAL_DETAILS if name in cleaned},
    )


class ConsentForm(Form):
    kind = forms.ChoiceField(
        label="Consent to",
        choices=[
            ("service", "The link worker service"),
            ("share_with_vcse", "Sharing details with a named VCSE"),
        ],
    )
    given = forms.TypedChoiceField(
        label="Answer",
        choices=[("yes", "Given"), ("no", "Refused")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label="VCSE",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not applicable",
    )
    shared_fields = forms.MultipleChoiceField(
        label="What may be shared",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=CONSENT_SHARED_CHOICES,
    )
    recorded_on = NhsDateField(label="Date")

    def __init__(self, *args: Any, vcses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = vcses  # type: ignore[attr-defined]


class CorrectionForm(Form):
    field_name = forms.ChoiceField(label="Detail to correct", choices=[])
    new_value = forms.CharField(
        label="Correct value",
        required=False,
        max_length=254,
        help_text="Dates as YYYY-MM-DD; for a choice (sex, ethnicity) its code.",
    )
    reason = forms.CharField(label="Why it is being corrected", widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field_name"].choices = list(CORRECTABLE.items())  # type: ignore[attr-defined]


class ReasonForm(Form):
    reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea)
