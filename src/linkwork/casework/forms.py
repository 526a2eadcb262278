from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from linkwork.accounts.models import User
from linkwork.casework.vocab import (
    CONNECTION_KINDS,
    CONNECTION_STATUSES,
    CONNECTION_TARGETS,
    ENCOUNTER_MODES,
    FINANCIAL_GAIN_TYPES,
    GOAL_STATUSES,
)
from linkwork.core.needs import NEED_CHOICES
from linkwork.people.forms import DATE_WIDGET
from linkwork.referrals.lifecycle import DISCHARGE_REASON_LABELS
from linkwork.referrals.models import Referral


class EncounterForm(forms.Form):
    occurred_on = forms.DateField(label="Date", widget=DATE_WIDGET)
    mode = forms.ChoiceField(label="How", choices=list(ENCOUNTER_MODES.items()))
    duration_minutes = forms.IntegerField(label="Minutes", min_value=1, max_value=480)
    attended = forms.TypedChoiceField(
        label="Did the person attend?",
        choices=[("yes", "Attended"), ("no", "Did not attend")],
        coerce=lambda v: v == "yes",
        initial="yes",
        widget=forms.RadioSelect,
    )
    location = forms.CharField(label="Where", required=False, max_length=200)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(forms.Form):
    description = forms.CharField(label="New goal", max_length=300)


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=list(GOAL_STATUSES.items()))


class ConnectionForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=list(CONNECTION_KINDS.items()))
    target = forms.ChoiceField(label="Service kind", choices=list(CONNECTION_TARGETS.items()))
    service_name = forms.CharField(label="Service", max_length=200)
    need = forms.ChoiceField(
        label="For which need", choices=[("", "Not stated"), *NEED_CHOICES], required=False
    )
    made_on = forms.DateField(label="Date", widget=DATE_WIDGET)


class ConnectionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=list(CONNECTION_STATUSES.items()))
    reason = forms.CharField(label="Reason (if declined)", required=False, max_length=200)


class FinancialGainForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=list(FINANCIAL_GAIN_TYPES.items()))
    amount = forms.DecimalField(
        label="Amount (£)", min_value=Decimal("0.01"), max_digits=9, decimal_places=2
    )
    annual = forms.BooleanField(label="A yearly amount", required=False)
    recorded_on = forms.DateField(label="Date", widget=DATE_WIDGET)


class DischargeForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason for discharge",
        choices=[("", "Choose a reason"), *DISCHARGE_REASON_LABELS.items()],
    )
    on = forms.DateField(label="Date of discharge", widget=DATE_WIDGET)


class HandoverForm(forms.Form):
    referrals = forms.ModelMultipleChoiceField(
        label="People to hand over",
        queryset=Referral.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    to = forms.ModelChoiceField(label="Hand over to", queryset=User.objects.none())
    note = forms.CharField(label="Handover note", widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label="From", widget=DATE_WIDGET)

    def __init__(self, *args: Any, referrals: Any, link_workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referrals"].queryset = referrals  # type: ignore[attr-defined]
        self.fields["to"].queryset = link_workers  # type: ignore[attr-defined]


class ServiceConnectionForm(forms.Form):
    """Connect to a listed service from the suggestions."""

    service = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label="How", choices=list(CONNECTION_KINDS.items()))
    need = forms.ChoiceField(
        label="For which need", choices=[("", "Not stated"), *NEED_CHOICES], required=False
    )
