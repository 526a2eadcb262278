from __future__ import annotations

from typing import Any

from django import forms

from linkwork.accounts.models import User
from linkwork.core.needs import NEED_CHOICES
from linkwork.organisations.models import Organisation, Scheme
from linkwork.organisations.policy_rules import EXCLUSION_LABELS, REFERRAL_SOURCE_LABELS
from linkwork.people.forms import DATE_WIDGET
from linkwork.referrals.lifecycle import (
    DECLINE_REASON_LABELS,
    RISK_FLAG_LABELS,
    STATUS_LABELS,
    Status,
)


class ReferralForm(forms.Form):
    scheme = forms.ModelChoiceField(
        label="Refer to", queryset=Scheme.objects.none(), empty_label=None
    )
    source = forms.ChoiceField(label="Referral from", choices=list(REFERRAL_SOURCE_LABELS.items()))
    practice = forms.ModelChoiceField(
        label="GP practice",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not from a practice",
    )
    received_on = forms.DateField(label="Date of referral", widget=DATE_WIDGET)
    reasons = forms.MultipleChoiceField(
        label="Reasons for referral", choices=NEED_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    reason_text = forms.CharField(
        label="More about the reasons", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    risk_flags = forms.MultipleChoiceField(
        label="Risks the link worker should know about",
        required=False,
        choices=list(RISK_FLAG_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    exclusions = forms.MultipleChoiceField(
        label="Is the person currently any of these?",
        required=False,
        choices=list(EXCLUSION_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    agreed = forms.BooleanField(
        label="The person has agreed to be referred to the link worker service"
    )

    def __init__(
        self,
        *args: Any,
        schemes: Any,
        practices: Any,
        fixed_source: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]
        self.fields["practice"].queryset = practices  # type: ignore[attr-defined]
        if fixed_source is not None:
            del self.fields["source"]
            self.fixed_source = fixed_source
            self.fields["practice"].required = True
            self.fields["practice"].empty_label = None  # type: ignore[attr-defined]


class SelfReferralForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label="What would you like help with?",
        choices=NEED_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    reason_text = forms.CharField(
        label="Tell us a little more (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    practice = forms.ModelChoiceField(
        label="Your GP practice",
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    agreed = forms.BooleanField(
        label="I agree to a link worker contacting me and keeping a record of our work together"
    )

    def __init__(self, *args: Any, practices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the referral declined?",
        choices=[("", "Choose a reason"), *DECLINE_REASON_LABELS.items()],
    )
    note = forms.CharField(label="Note for the referrer", required=False, max_length=500)


class AssignForm(forms.Form):
    link_worker = forms.ModelChoiceField(label="Link worker", queryset=User.objects.none())

    def __init__(self, *args: Any, link_workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link_worker"].queryset = link_workers  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label="Close the referral as",
        choices=[(s.value, STATUS_LABELS[s]) for s in (Status.WITHDRAWN, Status.DID_NOT_ENGAGE)],
    )
    note = forms.CharField(label="Note", required=False, max_length=500)


class AtRiskForm(forms.Form):
    at_risk = forms.BooleanField(label="This person is at risk", required=False)
    at_risk_reason = forms.CharField(
        label="Why", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WhatMattersForm(forms.Form):
    what_matters = forms.CharField(
        label="What matters to the person",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
