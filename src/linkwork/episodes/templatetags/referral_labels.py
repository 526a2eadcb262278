from __future__ import annotations

from django import template

from linkwork.core.needs import Need
from linkwork.episodes.connection_rules import link_worker_updates
from linkwork.episodes.lifecycle import RiskFlag
from linkwork.organisations.policy_rules import Exclusion

register = template.Library()


@register.filter
def need_label(code: str) -> str:
    return dict(Need.choices).get(code, code)


@register.filter
def risk_label(code: str) -> str:
    return dict(RiskFlag.choices).get(code, code)


@register.filter
def screening_label(code: str) -> str:
    return dict(Exclusion.choices).get(code, code)


@register.filter
def connection_next(status: str) -> list[tuple[str, str]]:
    return link_worker_updates(status)


@register.filter
def pounds(pence: int) -> str:
    return f"£{pence / 100:,.2f}"
