"""Casework actions on the referral page, discharge with its summary, and handover."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from linkwork.accounts.http import AppRequest
from linkwork.core import clock
from linkwork.episodes.forms import (
    EncounterForm,
)
from linkwork.episodes.selectors.sessions import encounter_date_window, makes_home_visits
from linkwork.episodes.services.encounters import encounter_record
from linkwork.episodes.views.episode_page import act


@require_POST
@login_required
def encounter_add(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "encounter_form",
        lambda r: EncounterForm(
            request.POST,
            window=encounter_date_window(r, today=clock.today()),
            home_visits=makes_home_visits(r),
        ),
        lambda r, d: encounter_record(referral=r, actor=request.user, **d),
        "Session recorded.",
    )
