"""Casework actions on the referral page, discharge with its summary, and handover."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from linkwork.accounts.http import AppRequest
from linkwork.episodes.forms import (
    FinancialGainForm,
)
from linkwork.episodes.services.financial_gains import financial_gain_record
from linkwork.episodes.views.episode_page import act


@require_POST
@login_required
def gain_add(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "gain_form",
        lambda r: FinancialGainForm(request.POST),
        lambda r, d: financial_gain_record(
            referral=r,
            actor=request.user,
            kind=d["kind"],
            amount_pence=int((d["amount"] * Decimal(100)).to_integral_value()),
            annual=d["annual"],
            recorded_on=d["recorded_on"],
        ),
        "Financial gain recorded.",
    )
