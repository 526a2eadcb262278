""""""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from linkwork.accounts.models import User
from linkwork.core.forms import Form, NhsDateField
from linkwork.core.needs import Need
from linkwork.episodes.date_rules import DateWindow, window_hint
from linkwork.episodes.lifecycle import (
    DeclineReason,
    DischargeReason,
    RiskFlag,
    Status,
)
from linkwork.episodes.models import Referral
from linkwork.episodes.vocab import (
    ConnectionKind,
    ConnectionStatus,
    ConnectionTarget,
    EncounterMode,
    FinancialGainType,
    GoalStatus,
    SharedDetail,
)
from linkwork.organisations.models import Organisation, Scheme
from linkwork.organisations.policy_rules import Exclusion, ReferralSource


class ReferralForm(Form):
    scheme = forms.ModelChoiceField(
        label="Refer to", queryset=Scheme.objects.none(), empty_label=None
    )
    source = forms.ChoiceField(
        label="Referral from",
        choices=[("", "Choose where the referral came from"), *ReferralSource.choices],
    )
    practice = forms.ModelChoiceField(
        label="GP practice",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not from a practice",
    )
    received_on = NhsDateField(label="Date of referral")
    reasons = forms.MultipleChoiceField(
        label="Reasons for referral", choices=Need.choices, widget=forms.CheckboxSelectMultiple
    )
    reason_text = forms.CharField(
        label="More about the reasons", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    risk_flags = forms.MultipleChoiceField(
        label="Risks the link worker should know about",
        required=False,
        choices=RiskFlag.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    exclusions = forms.MultipleChoiceField(
        label="Is the person currently any of these?",
        required=False,
        choices=Exclusion.choices,
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


class SelfReferralForm(Form):
    reasons = forms.MultipleChoiceField(
        label="What would you like help with?",
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reason_text = forms.CharField(
        label="Tell us a little more (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Nothing is chosen for the person: a practice picked by default would send the request
    # to the wrong team unnoticed.
    practice = forms.ModelChoiceField(
        label="Your GP practice",
        queryset=Organisation.objects.none(),
        empty_label="Choose your GP practice",
        error_messages={"required": "Choose your GP practice."},
    )
    agreed = forms.BooleanField(
        label="I agree to a link worker contacting me and keeping a record of our work together"
    )

    def __init__(self, *args: Any, practices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices  # type: ignore[attr-defined]


class DeclineForm(Form):
    id_prefix = "decline"
    reason = forms.ChoiceField(
        label="Why is the referral declined?",
        choices=[("", "Choose a reason"), *DeclineReason.choices],
        error_messages={"required": "Choose why the referral is declined."},
    )
    note = forms.CharField(label="Note for the referrer", required=False, max_length=500)


class LinkWorkerChoice(forms.ModelChoiceField):
    """Each link worker with the number of people they support now, to share the work fairly."""

    def label_from_instance(self, obj: Any) -> str:
        count = getattr(obj, "open_caseload", None)
        if count is None:
            return str(obj)
        return f"{obj} ({count} {'person' if count == 1 else 'people'} on their caseload)"


class AssignForm(Form):
    id_prefix = "assign"
    link_worker = LinkWorkerChoice(label="Link worker", queryset=User.objects.none())

    def __init__(self, *args: Any, link_workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link_worker"].queryset = link_workers  # type: ignore[attr-defined]


class AcceptForm(AssignForm):
    """Accept, and usually assign in the same step."""

    id_prefix = "accept"

    link_worker = LinkWorkerChoice(
        label="Assign to",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet: assign a link worker later",
    )


class CloseForm(Form):
    id_prefix = "close"
    status = forms.ChoiceField(
        label="Close the referral as",
        choices=[(s.value, s.label) for s in (Status.WITHDRAWN, Status.DID_NOT_ENGAGE)],
    )
    note = forms.CharField(label="Note", required=False, max_length=500)


class AtRiskForm(Form):
    at_risk = forms.BooleanField(label="This person is at risk", required=False)
    at_risk_reason = forms.CharField(
        label="Why", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SafetyForm(Form):
    safety_action = forms.CharField(
        label="What was done about it",
        help_text="For example who you spoke to, what was checked and what was agreed.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WhatMattersForm(Form):
    what_matters = forms.CharField(
        label="What matters to the person",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class EncounterForm(Form):
    id_prefix = "encounter"
    occurred_on = NhsDateField(label="Date")
    mode = forms.ChoiceField(label="How", choices=EncounterMode.choices)
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

    def __init__(
        self, *args: Any, window: DateWindow, home_visits: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The dates the service accepts, shown before anyone gets them wrong.
        self.fields["occurred_on"].help_text = window_hint(window)
        if not home_visits:
            # A scheme that makes no home visits is not offered one only to refuse it.
            mode = self.fields["mode"]
            assert isinstance(mode, forms.ChoiceField)
            mode.choices = [c for c in EncounterMode.choices if c[0] != EncounterMode.HOME_VISIT]


class GoalForm(Form):
    description = forms.CharField(label="New goal", max_length=300)


class GoalStatusForm(Form):
    status = forms.ChoiceField(label="Status", choices=GoalStatus.choices)


class ConnectionForm(Form):
    """Connect to a service that is not listed: its provider is not told, so a listed
    service is not among the kinds (it is connected from the suggestions or the directory)."""

    id_prefix = "connection"
    kind = forms.ChoiceField(label="Type", choices=ConnectionKind.choices)
    target = forms.ChoiceField(
        label="Service kind",
        choices=[c for c in ConnectionTarget.choices if c[0] != ConnectionTarget.DIRECTORY_SERVICE],
    )
    service_name = forms.CharField(label="Service", max_length=200)
    need = forms.ChoiceField(
        label="For which need", choices=[("", "Not stated"), *Need.choices], required=False
    )
    made_on = NhsDateField(label="Date")


class ConnectionStatusForm(Form):
    status = forms.ChoiceField(label="Status", choices=ConnectionStatus.choices)
    reason = forms.CharField(label="Reason (if declined)", required=False, max_length=200)


class FinancialGainForm(Form):
    id_prefix = "gain"
    kind = forms.ChoiceField(label="Type", choices=FinancialGainType.choices)
    amount = forms.DecimalField(
        label="Amount (£)", min_value=Decimal("0.01"), max_digits=9, decimal_places=2
    )
    annual = forms.BooleanField(label="A yearly amount", required=False)
    recorded_on = NhsDateField(label="Date")


class DischargeForm(Form):
    reason = forms.ChoiceField(
        label="Reason for discharge",
        choices=[("", "Choose a reason"), *DischargeReason.choices],
    )
    on = NhsDateField(label="Date of discharge")

    def __init__(self, *args: Any, window: DateWindow, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].help_text = window_hint(window)


class SummaryAmendForm(Form):
    # Checked by the service, which names the field when it is empty.
    reason = forms.CharField(
        label="Why are you amending the summary?",
        help_text="This is kept with the new version, and the earlier version is kept too.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HandoverForm(Form):
    referrals = forms.ModelMultipleChoiceField(
        label="People to hand over",
        queryset=Referral.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    to = forms.ModelChoiceField(label="Hand over to", queryset=User.objects.none())
    note = forms.CharField(label="Handover note", widget=forms.Textarea(attrs={"rows": 3}))
    on = NhsDateField(label="From")

    def __init__(self, *args: Any, referrals: Any, link_workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referrals"].queryset = referrals  # type: ignore[attr-defined]
        self.fields["to"].queryset = link_workers  # type: ignore[attr-defined]


class ServiceConnectionForm(Form):
    """Connect to a listed service from the suggestions."""

    service = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label="How", choices=ConnectionKind.choices)
    need = forms.ChoiceField(
        label="For which need", choices=[("", "Not stated"), *Need.choices], required=False
    )
    # Required by the service, which names the provider when the answer is missing.
    consent = forms.TypedChoiceField(
        label="Does the person agree to share their details with the provider?",
        choices=[("yes", "Yes, they agree"), ("no", "No, they do not agree")],
        coerce=lambda answer: answer == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    shared = forms.MultipleChoiceField(
        label="What they agree to share",
        choices=SharedDetail.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
