"""Links to another page of a list that keep the list's filters and sort order."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int, param: str = "page") -> str:
    """This page's query string with `param` set to `number` (page 1 drops it)."""
    query = context["request"].GET.copy()
    query.pop(param, None)
    if number > 1:
        query[param] = str(number)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def thousands(number: int) -> str:
    """1240 as "1,240"."""
    return f"{number:,}"
