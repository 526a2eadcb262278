from __future__ import annotations

from django import template

from linkwork.core import clock
from linkwork.core.needs import Need
from linkwork.episodes.connection_rules import connection_status_words, link_worker_updates
from linkwork.episodes.lifecycle import RiskFlag
from linkwork.episodes.models import Connection
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
def connection_status(connection: Connection) -> str:
    """The status in words, against today's date (planned when its date is still to come)."""
    return connection_status_words(
        status=connection.status, made_on=connection.made_on, today=clock.today()
    )


@register.filter
def pounds(pence: int) -> str:
    return f"£{pence / 100:,.2f}"
