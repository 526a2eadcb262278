"""Forms: the person's feedback, and a case study. The services check every rule again;
these parse and name the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from linkwork.core.forms import Form, NhsDateField
from linkwork.voice.questionnaire import COMMENT_MAX_CHARS, ITEMS, Agreement
from linkwork.voice.vocab import ConsentHow

_TEXT = {"rows": 5}


class FeedbackForm(Form):
    id_prefix = "feedback"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item.code] = forms.ChoiceField(
                label=item.text,
                choices=Agreement.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how much you agree (any answer is fine)."},
            )
        self.fields["comment"] = forms.CharField(
            label="Anything else you would like to tell us? (optional)",
            help_text="Please do not include your name or anyone else's. Only the managers "
            "of the service read comments.",
            required=False,
            max_length=COMMENT_MAX_CHARS,
            widget=forms.Textarea(attrs=_TEXT),
        )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item.code] for item in ITEMS]

    def answers(self) -> dict[str, object]:
        return {item.code: self.cleaned_data.get(item.code) for item in ITEMS}


class CaseStudyForm(Form):
    id_prefix = "case-study"
    title = forms.CharField(label="Title", max_length=120)
    what_mattered = forms.CharField(
        label="What mattered to the person",
        help_text="In their words where you can. Leave out names, addresses and numbers.",
        widget=forms.Textarea(attrs=_TEXT),
    )
    what_was_done = forms.CharField(label="What was done", widget=forms.Textarea(attrs=_TEXT))
    what_changed = forms.CharField(
        label="What changed for them", widget=forms.Textarea(attrs=_TEXT)
    )
    consent_on = NhsDateField(
        label="Date the person agreed to their story being shared",
        required=False,
        help_text="Leave empty until they have agreed. For example, 15 3 2026",
    )
    consent_how = forms.ChoiceField(
        label="How they agreed",
        choices=[("", "Not yet agreed"), *ConsentHow.choices],
        required=False,
        widget=forms.RadioSelect,
    )


class ConsentWithdrawForm(Form):
    id_prefix = "withdraw"
    on = NhsDateField(label="Date the person withdrew consent")
