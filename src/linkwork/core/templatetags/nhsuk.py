"""Template helpers that render Django form widgets with NHS.UK frontend classes."""

from __future__ import annotations

from datetime import datetime

from django import forms, template
from django.forms.widgets import Input
from django.utils.safestring import SafeString

from linkwork.core.forms import PARTS, NhsDateInput

register = template.Library()

_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.Textarea, "nhsuk-textarea"),
    (forms.Select, "nhsuk-select"),
    (forms.CheckboxInput, "nhsuk-checkboxes__input"),
    (Input, "nhsuk-input"),
)


@register.filter
def nhsuk_widget(field: forms.BoundField) -> SafeString:
    css = next(
        (name for widget, name in _WIDGET_CLASSES if isinstance(field.field.widget, widget)), ""
    )
    if field.errors and css in {"nhsuk-input", "nhsuk-select", "nhsuk-textarea"}:
        css += f" {css}--error"
    attrs: dict[str, str | bool] = {"class": css}
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}-error"
    return field.as_widget(attrs=attrs)


@register.filter
def is_date_input(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, NhsDateInput)


@register.filter
def date_boxes(field: forms.BoundField) -> list[dict[str, str]]:
    """Day, month and year boxes of an NHS.UK date input, with what was typed in each."""
    raw = field.value()
    if field.form.is_bound:
        typed = {part: field.form.data.get(f"{field.html_name}_{part}") for part in PARTS}
        values = (
            [str(typed[part] or "") for part in PARTS]
            if any(v is not None for v in typed.values())
            else field.field.widget.decompress(raw)
        )
    else:
        values = field.field.widget.decompress(raw)
    widths = {"day": "2", "month": "2", "year": "4"}
    return [
        {
            "name": f"{field.html_name}_{part}",
            "id": f"{field.auto_id}_{part}",
            "label": part.capitalize(),
            "value": value,
            "width": widths[part],
        }
        for part, value in zip(PARTS, values, strict=True)
    ]


@register.filter
def when(iso: str) -> str:
    """An ISO timestamp as people read it: '3 December 2026 at 08:25'."""
    try:
        moment = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"
