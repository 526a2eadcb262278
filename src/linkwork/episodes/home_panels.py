""""""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import User
from linkwork.accounts.roles import REFERRER_ROLES, Role
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.episodes.selectors.caseload import caseload_for
from linkwork.episodes.selectors.referrals import (
    referral_form_choices,
    referrals_for_practices,
    referrals_made_by,
)


def _caseload(user: User) -> dict[str, Any]:
    from linkwork.episodes.models import Connection
    from linkwork.episodes.selectors.vcse_inbox import needs_follow_up

    today = clock.today()
    caseload = caseload_for(user=user, today=today)
    open_ids = [r.pk for r in caseload.waiting + caseload.active]
    follow_up = [
        c
        for c in Connection.objects.filter(referral_id__in=open_ids)
        .select_related("person", "referral")
        .order_by("status_changed_at")
        if needs_follow_up(c, today)
    ]
    audit_record_list(
        actor=user,
        object_type="caseload",
        rows=[(r.person_id, r.scheme_id) for r in caseload.people],
    )
    # The page's subtitle describes this user's caseload, not the scheme.
    return {"caseload": caseload, "follow_up": follow_up, "lead": caseload.lead}


def _my_referrals(user: User) -> dict[str, Any]:
    referrals = list(referrals_made_by(user=user)[:50])
    audit_record_list(
        actor=user, object_type="my_referrals", rows=[(r.person_id, r.scheme_id) for r in referrals]
    )
    try:
        schemes = list(referral_form_choices(user=user).schemes)
    except PermissionDenied:  # a referrer role not yet attached to a practice
        schemes = []
    return {"referrals": referrals, "schemes": schemes}


def _practice_referrals(user: User) -> dict[str, Any]:
    referrals = list(referrals_for_practices(user=user)[:100])
    audit_record_list(
        actor=user,
        object_type="practice_referrals",
        rows=[(r.person_id, r.scheme_id) for r in referrals],
    )
    return {"referrals": referrals}


PANELS = (
    HomePanel(
        10,
        frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER}),
        "episodes/_caseload_panel.html",
        _caseload,
    ),
    HomePanel(10, frozenset(REFERRER_ROLES), "episodes/_my_referrals_panel.html", _my_referrals),
    HomePanel(
        10,
        frozenset({Role.PRACTICE_MANAGER}),
        "episodes/_practice_referrals_panel.html",
        _practice_referrals,
    ),
)
