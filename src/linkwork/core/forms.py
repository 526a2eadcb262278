"""Form pieces every app shares: the NHS.UK date input (day, month, year boxes) and error
messages that name the field and say what to do."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from linkwork.core.date_parts import date_parts_problem

PARTS = ("day", "month", "year")
EXAMPLE = "For example, 27 3 2025"


class NhsDateInput(forms.MultiWidget):
    """Three boxes, as the NHS.UK design system asks for dates people know (birthdays, the day
    something happened). A single ISO value under the field's own name is still read, so
    scripts and older clients keep working."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in PARTS
        }
        super().__init__(boxes, attrs)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return ["", "", ""]

    # A MultiWidget normally hands its field a list; this one hands DateField the ISO text it
    # parses, so the field keeps Django's own date validation.
    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:  # type: ignore[override]
        whole = data.get(name)
        if whole:
            return str(whole)
        day, month, year = (str(data.get(f"{name}_{part}", "")).strip() for part in PARTS)
        if not (day or month or year):
            return ""
        # Year first, as ISO: whole numbers parse as a date; anything else reaches the field,
        # which says which part is wrong.
        return f"{year}-{month.zfill(2) if month.isdecimal() else month}-" + (
            day.zfill(2) if day.isdecimal() else day
        )

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}_{part}" in data for part in PARTS)


class NhsDateField(forms.DateField):
    widget = NhsDateInput

    def __init__(self, *, label: str, example: str = EXAMPLE, **kwargs: Any) -> None:
        # `example` is a date the field could hold (a birthday for a date of birth), given in
        # the hint and again when the date cannot be read.
        kwargs.setdefault("help_text", example)
        super().__init__(label=label, input_formats=["%Y-%m-%d"], **kwargs)
        self.error_messages["required"] = f"Enter a date for “{label}”."
        self.error_messages["invalid"] = (
            f"“{label}” must be a real date, with the day, month and year as numbers. {example}."
        )
        self.label_text = label

    def to_python(self, value: Any) -> date | None:
        try:
            return super().to_python(value)
        except ValidationError:
            parts = str(value).split("-")
            problem = date_parts_problem(parts[2], parts[1], parts[0]) if len(parts) == 3 else None
            if problem is None:
                raise
            # The sentence comes from the parts; the field is named first so the error summary
            # at the top of the page says which date it is about.
            raise ValidationError(f"Check “{self.label_text}”. {problem}", code="invalid") from None


_DJANGO_EMPTY_LABEL = "---------"
_ENDS_WITH_PREPOSITION = ("to", "by", "from", "for", "with", "of")


def choose_prompt(label: str) -> str:
    """The first option of a list, in words rather than Django's dashes: "Practice" -> "Choose
    a practice"; a label that is not a noun ("Hand over to") gets a plain "Choose one"."""
    words = label.split()
    if not words or "?" in label or words[-1].lower() in _ENDS_WITH_PREPOSITION:
        return "Choose one"
    noun = _in_sentence(label)
    article = "an" if noun[:1].lower() in "aeiou" else "a"
    return f"Choose {article} {noun}"


def name_required_messages(form: forms.Form) -> None:
    """Replace Django's bare "This field is required." with a message that names the field and
    says what to do. Labels are often questions ("Did the person attend?") or single words
    ("How"), so the label is quoted rather than woven into the sentence."""
    for field in form.fields.values():
        label = str(field.label or "this field").rstrip(":")
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == _DJANGO_EMPTY_LABEL:
            field.empty_label = choose_prompt(label)
        if field.error_messages.get("required") != forms.Field.default_error_messages["required"]:
            _name_limits(field, label)
            continue  # a field with its own required message keeps it
        if isinstance(field, forms.BooleanField):
            message = f"Tick “{label}” to go on."
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            message = f"Choose an answer for “{label}”."
        else:
            message = f"Fill in “{label}”."
        field.error_messages["required"] = message
        _name_limits(field, label)


def _name_limits(field: forms.Field, label: str) -> None:
    """Limits and formats say which field they belong to, too (Django's say only "Ensure this
    value..." or "Enter a valid email address.")."""
    quoted = f"\u201c{label}\u201d"
    if isinstance(field, forms.EmailField):
        field.error_messages["invalid"] = (
            f"Enter the {_in_sentence(label)} in the correct format, like name@example.com."
        )
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        field.error_messages["min_value"] = f"{quoted} must be %(limit_value)s or more."
        field.error_messages["max_value"] = f"{quoted} must be %(limit_value)s or less."
    if isinstance(field, forms.DecimalField | forms.FloatField):
        field.error_messages["invalid"] = f"{quoted} must be a number, like 12 or 12.5."
        # A DecimalField's limits on digits come from its validator, under these codes.
        field.error_messages["max_decimal_places"] = (
            f"{quoted} can have at most %(max)s figures after the decimal point."
        )
        field.error_messages["max_digits"] = f"{quoted} must have %(max)s digits or fewer."
        field.error_messages["max_whole_digits"] = (
            f"{quoted} is too large: give %(max)s digits or fewer before the decimal point."
        )
    elif isinstance(field, forms.IntegerField):
        field.error_messages["invalid"] = f"{quoted} must be a whole number, like 12."
    if isinstance(field, forms.ModelMultipleChoiceField):
        field.error_messages["invalid_choice"] = (
            f"One of the choices for {quoted} is not on the list: choose from the list."
        )
        field.error_messages["invalid_pk_value"] = field.error_messages["invalid_choice"]
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        field.error_messages["invalid_choice"] = f"Choose one of the options listed for {quoted}."
    if isinstance(field, forms.CharField) and field.max_length is not None:
        field.error_messages["max_length"] = (
            f"{quoted} must be %(limit_value)d characters or fewer (it has %(show_value)d)."
        )


def _in_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Email address" -> "email address"; "NHS mail" and
    other leading abbreviations keep their capitals."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


class Form(forms.Form):
    """A form whose required-field messages name the field."""

    # A form that shares a page with others holding fields of the same name (a "note", a
    # "kind") sets this, so that every id on the page is unique and each label, error link and
    # screen reader finds its own box. The names posted are unchanged.
    id_prefix: ClassVar[str] = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        name_required_messages(self)
