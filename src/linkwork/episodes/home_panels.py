""""""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import User
from linkwork.accounts.roles import REFERRER_ROLES, Role
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.pagination import preview_of
from linkwork.episodes.selectors.caseload import caseload_for
from linkwork.episodes.selectors.referrals import (
    referral_form_choices,
    referrals_for_practices,
    referrals_made_by,
)


def _caseload(user: User) -> dict[str, Any]:
    caseload = caseload_for(user=user, today=clock.today())
    audit_record_list(
        actor=user,
        object_type="caseload",
        rows=[(r.person_id, r.scheme_id) for r in caseload.people]
        + [(c.person_id, c.scheme_id) for c in caseload.follow_up],
    )
    # The page's subtitle describes this user's caseload, not the scheme.
    return {"caseload": caseload, "lead": caseload.lead}


def _my_referrals(user: User) -> dict[str, Any]:
    referrals = preview_of(referrals_made_by(user=user))
    audit_record_list(
        actor=user, object_type="my_referrals", rows=[(r.person_id, r.scheme_id) for r in referrals]
    )
    try:
        schemes = list(referral_form_choices(user=user).schemes)
    except PermissionDenied:  # a referrer role not yet attached to a practice
        schemes = []
    return {"referrals": referrals, "schemes": schemes}


def _practice_referrals(user: User) -> dict[str, Any]:
    referrals = preview_of(referrals_for_practices(user=user))
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
