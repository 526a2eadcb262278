"""Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.episodes import events
from linkwork.episodes.models import FinancialGain, Referral
from linkwork.episodes.vocab import FinancialGainType


@transaction.atomic
def financial_gain_record(
    *,
    referral: Referral,
    actor: User,
    kind: str,
    amount_pence: int,
    recorded_on: date,
    annual: bool = False,
) -> FinancialGain:
    problems: dict[str, list[str]] = {}
    if kind not in FinancialGainType:
        problems["kind"] = ["Choose the type of gain."]
    if amount_pence <= 0:
        problems["amount"] = ["Enter an amount above zero."]
    if amount_pence > 10_000_000:
        problems["amount"] = ["That is more than £100,000; check the amount."]
    if recorded_on > clock.today():
        problems["recorded_on"] = ["The date cannot be in the future."]
    if problems:
        raise DomainError("Check the financial gain.", code="gain_invalid", field_errors=problems)
    gain = FinancialGain.objects.create(
        scheme_id=referral.scheme_id,
        referral=referral,
        kind=kind,
        amount_pence=amount_pence,
        annual=annual,
        recorded_on=recorded_on,
    )
    events.financial_gain_recorded(gain=gain, actor=actor)
    return gain
