"""Fetch-and-authorise for outcome records. Only the scheme's link workers and managers see
them (404 for everyone else, the same answer as "no such record"); every read is audited.

Recording goes through `referrals.permissions.referral_get_for_user(write=True)`, which
gives referrers and practice managers 403 and everyone else outside the scheme 404.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record
from linkwork.outcomes.models import Administration, RiskAlert
from linkwork.people.permissions import unrestricted_or_managed


def administration_get_for_user(*, user: User, administration_id: uuid.UUID) -> Administration:
    administration = (
        Administration.objects.select_related(
            "person", "referral", "scheme", "administered_by", "recorded_by", "superseded_by"
        )
        .filter(pk=administration_id, scheme_id__in=scope_for(user).casework_schemes)
        .filter(unrestricted_or_managed(user=user))
        .first()
    )
    if administration is None:
        raise Http404("No such questionnaire.")
    audit_record(
        actor=user,
        action="view",
        object_type="outcome_administration",
        object_id=administration.pk,
        person_id=administration.person_id,
        scheme_id=administration.scheme_id,
    )
    return administration


def alert_get_for_user(*, user: User, alert_id: uuid.UUID) -> RiskAlert:
    alert = (
        RiskAlert.objects.select_related("person", "referral", "administration")
        .filter(pk=alert_id, scheme_id__in=scope_for(user).casework_schemes)
        .filter(unrestricted_or_managed(user=user))
        .first()
    )
    if alert is None:
        raise Http404("No such alert.")
    audit_record(
        actor=user,
        action="view",
        object_type="outcome_risk_alert",
        object_id=alert.pk,
        person_id=alert.person_id,
        scheme_id=alert.scheme_id,
    )
    return alert
