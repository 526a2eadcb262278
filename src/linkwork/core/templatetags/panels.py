"""Render a `core.extensions.Panel` that another app contributed to this page."""

from __future__ import annotations

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from linkwork.core.extensions import Panel

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context: template.Context, panel: Panel) -> SafeString:
    """The panel's template, with the page's context plus the panel's own."""
    compiled = get_template(panel.template).template  # type: ignore[attr-defined]
    with context.push(**panel.context):
        # The template escapes what it renders, so its output is safe as a whole.
        return mark_safe(compiled.render(context))  # noqa: S308
