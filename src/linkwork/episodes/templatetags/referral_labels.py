from __future__ import annotations

from django import template

from linkwork.core.needs import NEED_LABELS
from linkwork.episodes.lifecycle import RISK_FLAG_LABELS

register = template.Library()


@register.filter
def need_label(code: str) -> str:
    return NEED_LABELS.get(code, code)


@register.filter
def risk_label(code: str) -> str:
    return RISK_FLAG_LABELS.get(code, code)


@register.filter
def pounds(pence: int) -> str:
    return f"£{pence / 100:,.2f}"
