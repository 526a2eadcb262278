"""Registry configuration in the Django admin, validated by the same rules as the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from linkwork.organisations.kinds import OrgKind
from linkwork.organisations.models import (
    Organisation,
    Region,
    Scheme,
    SchemePolicy,
    TidierDescription,
)
from linkwork.organisations.policy_rules import PolicyInput, validate_policy
from linkwork.organisations.validation import funding_problems, organisation_problems


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "population"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "region", "parent", "code", "list_size", "postcode"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data.get("region"):
            problems = organisation_problems(
                kind=OrgKind(data["kind"]),
                region=data["region"],
                parent=data.get("parent"),
                list_size=data.get("list_size"),
            )
            for field_name, messages in problems.items():
                for message in messages:
                    self.add_error(field_name, message)
        return data


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["name", "kind", "region", "parent", "list_size"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


class SchemePolicyForm(forms.ModelForm):
    class Meta:
        model = SchemePolicy
        fields = [
            "age_band",
            "age_min",
            "age_max",
            "priority_groups",
            "accepted_sources",
            "session_cap",
            "at_risk_exception",
            "rereferral_min_gap_days",
            "exclusions",
            "home_visits",
            "accompaniment",
            "outcome_tools",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            policy = PolicyInput(
                age_band=data.get("age_band") or "",
                age_min=data.get("age_min"),
                age_max=data.get("age_max"),
                priority_groups=tuple(data.get("priority_groups") or ()),
                accepted_sources=tuple(data.get("accepted_sources") or ()),
                session_cap=data.get("session_cap"),
                at_risk_exception=bool(data.get("at_risk_exception")),
                rereferral_min_gap_days=data.get("rereferral_min_gap_days") or 0,
                exclusions=tuple(data.get("exclusions") or ()),
                home_visits=bool(data.get("home_visits")),
                accompaniment=data.get("accompaniment") or "",
                outcome_tools=tuple(data.get("outcome_tools") or ()),
            )
        except TypeError as exc:
            raise ValidationError("Lists must be JSON lists of codes.") from exc
        for field_name, messages in validate_policy(policy).by_field.items():
            for message in messages:
                self.add_error(field_name if field_name in self.fields else None, message)
        return data


class SchemePolicyInline(admin.StackedInline):
    model = SchemePolicy
    form = SchemePolicyForm
    can_delete = False


class TidierInline(admin.StackedInline):
    model = TidierDescription
    can_delete = False


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Scheme
        exclude: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nhs, council, other = (
            data.get(name)
            for name in ("funding_nhs_percent", "funding_council_percent", "funding_other_percent")
        )
        if nhs is not None and council is not None and other is not None:
            problems = funding_problems(
                nhs_percent=nhs, council_percent=council, other_percent=other
            )
            for field_name, messages in problems.items():
                for message in messages:
                    self.add_error(field_name, message)
        return data


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    form = SchemeForm
    list_display = ["name", "region", "commissioner", "employer", "delivery_model_override"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["commissioner", "employer", "managers", "practices"]
    readonly_fields = ["override_by", "override_at"]
    inlines = [SchemePolicyInline, TidierInline]
