"""Forms for the questionnaire pages. They only parse: the rules (ranges, missing items,
timing) live in the services, whose messages are shown against the right fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from linkwork.core.errors import DomainError
from linkwork.outcomes.instruments import InstrumentChoice
from linkwork.outcomes.models import InstrumentWording
from linkwork.outcomes.scoring import InstrumentDefinition, Item
from linkwork.outcomes.vocab import Mode, Timepoint

# Radios for short whole-number scales; a text box for scores such as PAM's 0-100.
MAX_RADIO_POINTS = 11
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# Refusals whose overall message says why, beside the per-item messages.
SUMMARISED_CODES = frozenset(
    {"responses_incomplete", "responses_out_of_range", "responses_empty", "risk_item_unanswered"}
)


class NhsForm(forms.Form):
    """A form whose error summary links each message to its field, as NHS.UK asks: radio
    groups link to their first option."""

    def is_radio(self, name: str) -> bool:
        return isinstance(self.fields[name].widget, forms.RadioSelect)

    def error_links(self) -> list[tuple[str, str]]:
        links = [(str(message), "") for message in self.non_field_errors()]
        for name in self.fields:
            bound = self[name]
            anchor = f"{bound.auto_id}_0" if self.is_radio(name) else bound.auto_id
            links += [(str(message), anchor) for message in bound.errors]
        return links


class ChooseForm(NhsForm):
    instrument = forms.ChoiceField(label="Questionnaire", widget=forms.RadioSelect)
    timepoint = forms.ChoiceField(
        label="Timepoint", choices=Timepoint.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, instruments: list[InstrumentChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.id, c.name) for c in instruments]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    id: str
    checked: bool


@dataclass(frozen=True)
class ItemField:
    field: forms.BoundField
    item: Item
    question: str
    hint: str
    options: tuple[Option, ...]  # empty: a number box

    @property
    def inline(self) -> bool:
        return len(self.options) <= MAX_RADIO_POINTS


def _is_radio(item: Item) -> bool:
    points = item.scale.max - item.scale.min + 1
    return item.scale.whole_numbers and points <= MAX_RADIO_POINTS


class QuestionnaireForm(NhsForm):
    day = forms.CharField(label="Day", max_length=2)
    month = forms.CharField(label="Month", max_length=2)
    year = forms.CharField(label="Year", max_length=4)
    mode = forms.ChoiceField(
        label="How was it completed?", choices=Mode.choices, widget=forms.RadioSelect
    )

    def __init__(
        self,
        *args: Any,
        definition: InstrumentDefinition,
        wording: InstrumentWording | None,
        today: date,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "day": today.day,
                "month": today.month,
                "year": today.year,
                "mode": Mode.WITH_LINK_WORKER,
            },
        )
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.wording = wording
        for item in definition.items:
            self.fields[f"item_{item.code}"] = forms.CharField(label=item.label, required=False)

    def is_radio(self, name: str) -> bool:
        items = {f"item_{item.code}": item for item in self.definition.items}
        return _is_radio(items[name]) if name in items else super().is_radio(name)

    def item_fields(self) -> list[ItemField]:
        texts = self.wording.items if self.wording else {}
        labels = self.wording.options if self.wording else {}
        risk_reasons = {rule.item: rule.why for rule in self.definition.risk_rules if rule.why}
        fields = []
        for item in self.definition.items:
            bound = self[f"item_{item.code}"]
            current = str(bound.value() or "")
            options: tuple[Option, ...] = ()
            if _is_radio(item):
                words = labels.get(item.code) or []
                values = range(item.scale.min, item.scale.max + 1)
                options = tuple(
                    Option(
                        value=str(v),
                        label=words[i] if i < len(words) else str(v),
                        id=f"{bound.auto_id}_{i}",
                        checked=current == str(v),
                    )
                    for i, v in enumerate(values)
                )
            kind = "a whole number" if item.scale.whole_numbers else "a number"
            hint = f"{kind.capitalize()} from {item.scale.min} to {item.scale.max}."
            if item.optional:
                hint += " Optional."
            why = risk_reasons.get(item.code)
            if why:
                hint += f" Do not leave this blank: {why}."
            fields.append(
                ItemField(
                    field=bound,
                    item=item,
                    question=texts.get(item.code) or item.label.capitalize(),
                    hint=hint,
                    options=options,
                )
            )
        return fields

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            cleaned["administered_on"] = date(
                int(cleaned.get("year", "")),
                int(cleaned.get("month", "")),
                int(cleaned.get("day", "")),
            )
        except (TypeError, ValueError):
            self.add_error("day", "Enter a real date, for example 27 3 2025.")
        return cleaned

    def responses(self) -> dict[str, object]:
        """Answers keyed by item code: numbers where they parse, the typed text otherwise
        (so the service can say what was wrong), None when blank."""
        answers: dict[str, object] = {}
        for item in self.definition.items:
            raw = (self.cleaned_data.get(f"item_{item.code}") or "").strip()
            if not raw:
                answers[item.code] = None
            elif _NUMBER.match(raw):
                number = float(raw)
                answers[item.code] = (
                    int(number) if number.is_integer() and "." not in raw else number
                )
            else:
                answers[item.code] = raw
        return answers

    def add_domain_error(self, exc: DomainError) -> None:
        """Put the service's messages against the fields they are about."""
        names = {item.code: f"item_{item.code}" for item in self.definition.items}
        names |= {"administered_on": "day", "mode": "mode"}
        placed = False
        for key, messages in exc.field_errors.items():
            if key in names:
                for message in messages:
                    self.add_error(names[key], message)
                placed = True
        # Field messages say what is wrong with each answer; the summary also says why.
        if not placed or exc.code in SUMMARISED_CODES:
            self.add_error(None, exc.message)
