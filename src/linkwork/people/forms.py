from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from linkwork.core.errors import DomainError
from linkwork.core.forms import Form, NhsDateField, name_required_messages
from linkwork.core.views import add_errors
from linkwork.identifiers import EXAMPLE_POSTCODE
from linkwork.organisations.models import Organisation
from linkwork.people.data_rights import CORRECTABLE
from linkwork.people.equalities import EQUALITIES_FIELDS, NOT_ASKED, QUESTIONS
from linkwork.people.models import Person
from linkwork.people.services import PersonDetails, person_details_problems, reply_problems
from linkwork.people.vocab import (
    CONSENT_SHARED_CHOICES,
    CONTACT_METHOD_CHOICES,
    ETHNICITY_ENGLAND,
    ETHNICITY_SCOTLAND,
    GENDER_IDENTITY_CHOICES,
    SEX_CHOICES,
    public_choices,
)

# What the public form asks, in words for someone who has never seen an NHS form: every
# example is one the rules accept (a valid check digit, a postcode the lookup knows).
PUBLIC_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "england": {
        "nhs_number": (
            "NHS number (if you know it)",
            "It's on letters from the NHS and in the NHS App. It's 10 digits, like 943 476 5919.",
        ),
        "postcode": ("Postcode", "For example, M1 3LZ"),
    },
    "scotland": {
        "chi_number": (
            "CHI number (if you know it)",
            "It's on letters from the NHS, such as appointment letters. "
            "It's 10 digits, starting with your date of birth, like 010101 1237.",
        ),
        "postcode": ("Postcode", f"For example, {EXAMPLE_POSTCODE}"),
    },
}


class PersonForm(Form):
    """The person's details; the identifier and ethnicity fields follow the scheme's country."""

    given_name = forms.CharField(label="First name", max_length=100)
    family_name = forms.CharField(label="Last name", max_length=100)
    date_of_birth = NhsDateField(label="Date of birth", example="For example, 31 3 1980")
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
    # The equalities questions (disability, religion, ...) are added in __init__ from
    # people.equalities, so the form, the record and the dataset share one list.

    def __init__(
        self, *args: Any, country: str = "england", public: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.country = country
        self.public = public
        for question in QUESTIONS:
            # Optional: a form posted without the question records it as not asked.
            self.fields[question.field] = forms.ChoiceField(
                label=question.label, choices=question.choices, initial=NOT_ASKED, required=False
            )
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
            *((q.field, q.choices) for q in QUESTIONS),
        ):
            offered = public_choices(choices)
            field = self.fields[name]
            field.choices = offered  # type: ignore[attr-defined]
            field.initial = offered[0][0]
        for name, (label, hint) in PUBLIC_WORDS[self.country].items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].help_text = hint
        for question in QUESTIONS:
            self.fields[question.field].label = question.public_label
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
        if self.public and not {"phone", "email"} & set(self.errors):
            # The person answering for themself is promised a reply: said in the same round
            # as everything else, not after the rest is put right.
            for name, messages in reply_problems(
                phone=cleaned.get("phone", ""), email=cleaned.get("email", "")
            ).items():
                problems.setdefault(name, []).extend(messages)
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
            **_equalities(data),
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
        **_equalities(cleaned),
    )


def _equalities(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The equalities answers; a question left out or blank was not asked."""
    return {name: cleaned.get(name) or NOT_ASKED for name in EQUALITIES_FIELDS}


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


# Corrected details offered as the person form offers them: a choice by its label, a date in
# day, month and year boxes.
_CHOICES_OF: dict[str, list[tuple[str, str]]] = {
    "sex": SEX_CHOICES,
    "gender_identity": GENDER_IDENTITY_CHOICES,
    "preferred_contact": CONTACT_METHOD_CHOICES,
    **{q.field: q.choices for q in QUESTIONS},
}


def _in_sentence(label: str) -> str:
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


class CorrectionForm(Form):
    """Which detail is wrong, its correct value in the same kind of box the person form uses
    (one box per detail, shown under its choice), and why."""

    id_prefix = "correction"

    field_name = forms.ChoiceField(
        label="Which detail is wrong?", choices=[], widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Why it is being corrected", widget=forms.Textarea)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = person.scheme.region.country
        left_out = "chi_number" if country == "england" else "nhs_number"
        self.details = {name: label for name, label in CORRECTABLE.items() if name != left_out}
        self.fields["field_name"].choices = list(self.details.items())  # type: ignore[attr-defined]
        ethnicity = ETHNICITY_ENGLAND if country == "england" else ETHNICITY_SCOTLAND
        choices = {**_CHOICES_OF, "ethnicity": [("", "Not asked yet"), *ethnicity]}
        for name, label in self.details.items():
            box_label = f"Correct {_in_sentence(label)}"
            field: forms.Field
            if name == "date_of_birth":
                field = NhsDateField(label=box_label, required=False)
            elif name in choices:
                field = forms.ChoiceField(label=box_label, choices=choices[name], required=False)
            else:
                field = forms.CharField(label=box_label, required=False, max_length=254)
            field.initial = getattr(person, name)
            self.fields[f"new_{name}"] = field
        name_required_messages(self)

    def value_fields(self) -> list[tuple[str, str, forms.BoundField]]:
        """Each detail's code, label and its box, for the radios that reveal them."""
        return [(name, label, self[f"new_{name}"]) for name, label in self.details.items()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get("field_name")
        box = f"new_{chosen}"
        if chosen == "date_of_birth" and box not in self.errors and not cleaned.get(box):
            self.add_error(box, "Enter the correct date of birth.")
        return cleaned

    def correction(self) -> dict[str, str]:
        """The service's arguments: the detail, its new value as text, and the reason."""
        chosen = self.cleaned_data["field_name"]
        value = self.cleaned_data.get(f"new_{chosen}")
        shown = value.isoformat() if isinstance(value, date) else str(value or "")
        return {"field_name": chosen, "new_value": shown, "reason": self.cleaned_data["reason"]}

    def add_service_errors(self, exc: DomainError) -> None:
        """The service names the new value `new_value`; here it is the chosen detail's box."""
        chosen = self.data.get("field_name", "")
        moved = {
            (f"new_{chosen}" if key == "new_value" else key): problems
            for key, problems in exc.field_errors.items()
        }
        add_errors(self, DomainError(exc.message, code=exc.code, field_errors=moved))


class RestrictionForm(Form):
    id_prefix = "restriction"

    reason = forms.CharField(label="Reason to restrict", required=False, widget=forms.Textarea)


class LegalHoldForm(Form):
    id_prefix = "hold"

    reason = forms.CharField(label="Reason for a legal hold", required=False, widget=forms.Textarea)
