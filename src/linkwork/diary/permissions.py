"""Fetch-and-authorise for appointments: only staff who work on the episode (its scheme's link
workers and managers, for a person they may see). Anyone else is told there is no such
appointment. Every read is audited."""

from __future__ import annotations

import uuid

from django.http import Http404

from linkwork.accounts.models import User
from linkwork.audit.services import audit_record
from linkwork.diary.models import Appointment
from linkwork.episodes.permissions import Access, referral_access


def appointment_get_for_user(*, user: User, appointment_id: uuid.UUID) -> Appointment:
    appointment = (
        Appointment.objects.select_related(
            "referral", "referral__person", "referral__scheme", "link_worker"
        )
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None or (
        referral_access(user=user, referral=appointment.referral) is not Access.CASEWORK
    ):
        raise Http404("No such appointment.")
    audit_record(
        actor=user,
        action="view",
        object_type="appointment",
        object_id=appointment.pk,
        person_id=appointment.referral.person_id,
        scheme_id=appointment.scheme_id,
    )
    return appointment
