"""Admin: system administrators configure scheme-level integration rules here. The records
themselves are written through the pages (and their services), so the admin only lists them;
survey responses and links are not shown at all, to keep answers anonymous."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from linkwork.implementation.models import (
    Absence,
    Activity,
    ConcurrentInitiative,
    Coverage,
    Handover,
    NomadRound,
    PracticeEvent,
    RuleOverride,
)
from linkwork.implementation.rules import DEFAULT_RULE, RuleConfigError, rule_from


class RuleOverrideForm(forms.ModelForm):
    class Meta:
        model = RuleOverride
        fields = ["scheme", "overrides", "reason"]
        help_texts = {
            "overrides": "A JSON object of thresholds to change, e.g. "
            '{"min_practice_share_pct": 15}. Defaults: '
            + json.dumps(DEFAULT_RULE.as_json(), sort_keys=True)
        }

    def clean_overrides(self) -> dict[str, Any]:
        value = self.cleaned_data["overrides"]
        if not isinstance(value, dict):
            raise forms.ValidationError("Give a JSON object of thresholds.")
        try:
            rule_from(value)
        except RuleConfigError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return value


@admin.register(RuleOverride)
class RuleOverrideAdmin(admin.ModelAdmin):
    form = RuleOverrideForm
    list_display = ["scheme", "reason", "updated_at"]
    autocomplete_fields = ["scheme"]

    def save_model(self, request: HttpRequest, obj: RuleOverride, form: Any, change: bool) -> None:
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "practice", "link_worker", "kind", "minutes"]
    list_filter = ["level", "kind"]
    date_hierarchy = "occurred_on"


@admin.register(PracticeEvent)
class PracticeEventAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "practice", "title", "gps", "nurses", "reception_admin", "managers"]


@admin.register(Coverage)
class CoverageAdmin(ReadOnlyAdmin):
    list_display = ["practice", "link_worker", "started_on", "ended_on"]


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    list_display = ["practice", "kind", "link_worker", "started_on", "ended_on", "cover"]


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
    list_display = ["practice", "outgoing", "incoming", "outgoing_last_day", "incoming_first_day"]


@admin.register(ConcurrentInitiative)
class ConcurrentInitiativeAdmin(ReadOnlyAdmin):
    list_display = ["practice", "name", "started_on", "ended_on"]


@admin.register(NomadRound)
class NomadRoundAdmin(ReadOnlyAdmin):
    list_display = ["practice", "opened_on", "closes_on", "closed_on", "min_responses"]
