"""The public NoMAD answer form: one radio group per item, built from the item data."""

from __future__ import annotations

from typing import Any

from django import forms

from linkwork.core.forms import Form
from linkwork.implementation.nomad import (
    AGREE_LABELS,
    CONSTRUCT_ITEMS,
    GENERAL_ITEMS,
    Construct,
    NotRelevant,
)
from linkwork.implementation.vocab import RespondentGroup

CONSTRUCT_CHOICES = [(str(v), label) for v, label in AGREE_LABELS.items()] + NotRelevant.choices
GENERAL_CHOICES = [(str(n), str(n)) for n in range(11)]

# Neutral section headings for respondents; the construct names are for the results.
SECTION_HEADINGS: dict[Construct, str] = {
    Construct.COHERENCE: "Making sense of it",
    Construct.COGNITIVE_PARTICIPATION: "Getting involved",
    Construct.COLLECTIVE_ACTION: "Doing the work",
    Construct.REFLEXIVE_MONITORING: "Seeing how it goes",
}


class NomadAnswerForm(Form):
    staff_group = forms.ChoiceField(
        label="Your role (optional)",
        choices=RespondentGroup.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for general in GENERAL_ITEMS:
            self.fields[general.code] = forms.ChoiceField(
                label=general.label,
                help_text=f"0 = {general.low}, 10 = {general.high}",
                choices=GENERAL_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
        for item in CONSTRUCT_ITEMS:
            self.fields[item.code] = forms.ChoiceField(
                label=item.label,
                choices=CONSTRUCT_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose an answer (a 'not relevant' one is fine)."},
            )

    def general_fields(self) -> list[forms.BoundField]:
        return [self[item.code] for item in GENERAL_ITEMS]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (
                SECTION_HEADINGS[construct],
                [self[item.code] for item in CONSTRUCT_ITEMS if item.construct is construct],
            )
            for construct in Construct
        ]

    def answers(self) -> dict[str, object]:
        """Construct answers as 1-5 or a not-relevant code; general answers as 0-10 or None."""
        result: dict[str, object] = {}
        for item in CONSTRUCT_ITEMS:
            raw = self.cleaned_data[item.code]
            result[item.code] = raw if raw in NotRelevant else int(raw)
        for general in GENERAL_ITEMS:
            raw = self.cleaned_data.get(general.code) or ""
            result[general.code] = int(raw) if raw != "" else None
        return result
