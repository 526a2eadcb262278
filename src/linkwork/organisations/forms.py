from __future__ import annotations

from django import forms

from linkwork.core.forms import Form
from linkwork.organisations.delivery_models import MODEL_NAMES
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
