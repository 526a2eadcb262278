"""Admin for the instrument library: bespoke definitions (validated against the schema),
schedules, and a read-only view of loaded wording. Questionnaire records and alerts are
identifiable and are not in the admin."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from linkwork.core.errors import DomainError
from linkwork.outcomes.instrument_services import bespoke_conflict, bespoke_validate
from linkwork.outcomes.models import BespokeInstrument, InstrumentWording, ScheduleRule
from linkwork.outcomes.scoring import bespoke_schema


class BespokeInstrumentForm(forms.ModelForm):
    class Meta:
        model = BespokeInstrument
        fields = ["scheme", "definition", "active"]
        help_texts = {
            "definition": (
                "JSON following the bespoke schema: id, version, name, items (code, label, "
                "min, max, optional reversed and domain), scoring (sum, mean or per_domain), "
                "optional max_missing, bands, mic, higher_is_better. Labels are short "
                "summaries, never licensed wording. Change the version to change a tool."
            )
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        data = cleaned.get("definition")
        scheme = cleaned.get("scheme")
        if not isinstance(data, dict):
            if "definition" not in self.errors:
                self.add_error("definition", "The definition must be a JSON object.")
            return cleaned
        try:
            definition = bespoke_validate(data)
            adding = self.instance._state.adding
            if (
                scheme is not None
                and adding
                and bespoke_conflict(scheme=scheme, definition=definition, data=data)
            ):
                self.add_error("definition", "This version is already defined.")
        except DomainError as exc:
            self.add_error("definition", exc.message)
            return cleaned
        if not self.instance._state.adding:
            used = self.instance.administrations.exists()
            changed = data != self.instance.definition
            if used and changed:
                self.add_error(
                    "definition",
                    "Questionnaires were recorded with this version, so it cannot change. "
                    "Use 'Save as new' with a new version.",
                )
            same_row = (definition.id, definition.version) == (
                self.instance.instrument_id,
                self.instance.version,
            )
            if not same_row:
                self.add_error(
                    "definition",
                    "Keep the id and version of an existing row; use 'Save as new' for a new "
                    "version.",
                )
        self.validated = definition
        return cleaned


@admin.register(BespokeInstrument)
class BespokeInstrumentAdmin(admin.ModelAdmin):
    form = BespokeInstrumentForm
    list_display = ["name", "instrument_id", "version", "scheme", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "instrument_id", "scheme__name"]
    readonly_fields = ["instrument_id", "version", "name", "created_by", "schema"]
    save_as = True

    @admin.display(description="Schema")
    def schema(self, obj: BespokeInstrument | None) -> str:
        return json.dumps(bespoke_schema(), indent=2)

    def save_model(
        self, request: HttpRequest, obj: BespokeInstrument, form: forms.ModelForm, change: bool
    ) -> None:
        definition = form.validated  # type: ignore[attr-defined]
        obj.instrument_id, obj.version, obj.name = (
            definition.id,
            definition.version,
            definition.name,
        )
        if obj.created_by_id is None and request.user.is_authenticated:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if obj.active:
            # One active version per tool: new questionnaires use the newest definition.
            BespokeInstrument.objects.filter(instrument_id=obj.instrument_id).exclude(
                pk=obj.pk
            ).update(active=False)


@admin.register(ScheduleRule)
class ScheduleRuleAdmin(admin.ModelAdmin):
    list_display = ["scheme", "instrument_id", "timepoint", "rule", "session_number", "days"]
    list_filter = ["timepoint", "rule"]
    search_fields = ["scheme__name", "instrument_id"]


@admin.register(InstrumentWording)
class InstrumentWordingAdmin(admin.ModelAdmin):
    """Loaded with `linkwork instruments load-wording FILE`; shown here, never edited."""

    list_display = ["instrument_id", "definition_version", "source_name", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
