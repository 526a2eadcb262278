from __future__ import annotations

from django import forms

from linkwork.core.forms import Form
from linkwork.organisations.delivery_models import (
    MODEL_NAMES,
    FundingShares,
    LineManager,
    SchemeRunning,
    TrainingProvider,
)
from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import Region


class DeliveryModelOverrideForm(Form):
    model = forms.TypedChoiceField(
        label="Delivery model",
        choices=[("", "Use the derived model (no override)")]
        + [(str(number), f"Model {number}: {name}") for number, name in MODEL_NAMES.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label="Reason for the override",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("model") is not None and not str(data.get("reason", "")).strip():
            self.add_error("reason", "Give the reason for overriding the derived model.")
        return data


class SchemeRunningForm(Form):
    """How the scheme is run: the facts that tell an integrated scheme (model 4) from one a
    commissioned VCSE runs (model 3)."""

    id_prefix = "running"

    funding_nhs_percent = forms.IntegerField(
        label="NHS share of funding (%)",
        min_value=0,
        max_value=100,
        help_text="Through the PCN contract (ARRS), the ICB, or the HSCP's primary care fund.",
    )
    funding_council_percent = forms.IntegerField(
        label="Local council share of funding (%)", min_value=0, max_value=100
    )
    funding_other_percent = forms.IntegerField(
        label="Other funding share (%)",
        min_value=0,
        max_value=100,
        help_text="Charitable grants and other sources.",
    )
    line_manager = forms.ChoiceField(
        label="Who line-manages the link workers", choices=LineManager.choices
    )
    training_by = forms.ChoiceField(
        label="Who trains the link workers", choices=TrainingProvider.choices
    )
    commissioner_network = forms.BooleanField(
        label="The commissioner runs a network that oversees the link workers", required=False
    )
    gp_lead_matrix = forms.BooleanField(
        label="Commissioner, host and GP leads guide the work together and review referral "
        "and outcome data",
        required=False,
    )

    def running(self) -> SchemeRunning:
        data = self.cleaned_data
        return SchemeRunning(
            funding=FundingShares(
                nhs_percent=data["funding_nhs_percent"],
                council_percent=data["funding_council_percent"],
                other_percent=data["funding_other_percent"],
            ),
            line_manager=LineManager(data["line_manager"]),
            training_by=TrainingProvider(data["training_by"]),
            commissioner_network=data["commissioner_network"],
            gp_lead_matrix=data["gp_lead_matrix"],
        )


class OrganisationFilterForm(Form):
    q = forms.CharField(label="Name contains", required=False, max_length=100)
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label="All regions",
    )
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *OrgKind.choices],
        required=False,
    )


class SchemeFilterForm(Form):
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label="All regions",
    )
    model = forms.TypedChoiceField(
        label="Delivery model",
        choices=[("", "All models")] + [(str(n), f"Model {n}") for n in MODEL_NAMES],
        coerce=int,
        empty_value=None,
        required=False,
    )
