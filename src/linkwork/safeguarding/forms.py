"""Safeguarding forms. The services check every rule again; these parse and name the fields."""

from __future__ import annotations

from django import forms

from linkwork.core.forms import Form, NhsDateField
from linkwork.episodes.vocab import ContactKind
from linkwork.safeguarding.vocab import ConcernCategory, ConcernStatus, PromptSource

_TEXT = {"rows": 4}


class ContactNoteForm(Form):
    id_prefix = "contact"
    kind = forms.ChoiceField(
        label="Kind of contact", choices=ContactKind.choices, widget=forms.RadioSelect
    )
    contacted_on = NhsDateField(label="Date of contact")
    with_whom = forms.CharField(
        label="With whom",
        max_length=200,
        help_text="For example, the person, their daughter, or the practice's mental health nurse",
    )
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs=_TEXT))


class LeadFields(Form):
    lead_name = forms.CharField(
        label="Safeguarding lead informed",
        max_length=200,
        required=False,
        help_text="The named safeguarding lead you told, if you have told one",
    )
    lead_informed_on = NhsDateField(label="Date the lead was informed", required=False)
    review_on = NhsDateField(label="Review date", example="For example, 15 1 2027")


class ConcernForm(LeadFields):
    id_prefix = "concern"
    category = forms.ChoiceField(
        label="Category", choices=ConcernCategory.choices, widget=forms.RadioSelect
    )
    observed = forms.CharField(label="What was observed", widget=forms.Textarea(attrs=_TEXT))
    actions = forms.CharField(label="Actions taken", widget=forms.Textarea(attrs=_TEXT))
    # What prompted it, carried through the form so the prompt is resolved.
    risk_alert = forms.UUIDField(required=False, widget=forms.HiddenInput)
    from_referral_risk = forms.BooleanField(required=False, widget=forms.HiddenInput)

    field_order = [
        "category",
        "observed",
        "actions",
        "lead_name",
        "lead_informed_on",
        "review_on",
        "risk_alert",
        "from_referral_risk",
    ]


class ConcernUpdateForm(LeadFields):
    id_prefix = "update"
    status = forms.ChoiceField(
        label="Status",
        choices=[
            (c, ConcernStatus(c).label) for c in (ConcernStatus.OPEN, ConcernStatus.UNDER_REVIEW)
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="What happened", widget=forms.Textarea(attrs=_TEXT))

    field_order = ["status", "note", "lead_name", "lead_informed_on", "review_on"]


class ConcernCloseForm(Form):
    id_prefix = "close"
    note = forms.CharField(
        label="Why the concern is closed, and its outcome", widget=forms.Textarea(attrs=_TEXT)
    )


class PromptDismissForm(Form):
    id_prefix = "dismiss"
    source = forms.ChoiceField(choices=PromptSource.choices, widget=forms.HiddenInput)
    risk_alert = forms.UUIDField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why no safeguarding concern is needed", widget=forms.Textarea(attrs=_TEXT)
    )
