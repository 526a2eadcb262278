"""The NHS.UK error summary for a page holding more than one form, in the page's order.

The summary's links must run in the order the fields appear, or someone working down the list
jumps back and forth through the page. The page names its parts in that order:

    {% error_summary referral_form person_form referral_form.agreed %}

A form stands for its fields in their declared order, less any field the tag names on its own
(which takes the place it is named in). Errors that belong to no field come first.
"""

from __future__ import annotations

from typing import Any

from django import forms, template

from linkwork.core.forms import NhsDateInput

register = template.Library()


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """The id a summary link jumps to: the field's own box, or for a group of boxes (checkboxes,
    radios, a date's day, month and year) the first one, as the NHS.UK pattern asks; the
    group as a whole has no element of that id to jump to."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    if isinstance(widget, NhsDateInput):
        return f"{field.auto_id}_day"
    return str(field.auto_id)


@register.inclusion_tag("includes/error_summary_page.html")
def error_summary(*parts: forms.BaseForm | forms.BoundField) -> dict[str, Any]:
    named = {(id(part.form), part.name) for part in parts if isinstance(part, forms.BoundField)}
    general: list[str] = []
    linked: list[tuple[str, str]] = []
    for part in parts:
        if isinstance(part, forms.BoundField):
            fields = [part]
        else:
            general.extend(str(error) for error in part.non_field_errors())
            fields = [field for field in part if (id(part), field.name) not in named]
        linked.extend(
            (error_anchor(field), str(error)) for field in fields for error in field.errors
        )
    return {"general": general, "linked": linked}
