"""Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover.

Reads of casework. Identifiable reads go through `casework.permissions`; the aggregates
here return counts and minutes only, never people."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.db.models import Max, Sum

from linkwork.episodes.date_rules import DateWindow, discharge_window, encounter_window
from linkwork.episodes.models import (
    Encounter,
    Referral,
)
from linkwork.organisations.selectors import scheme_policy_current


def encounter_date_window(referral: Referral, *, today: date) -> DateWindow:
    return encounter_window(received_on=referral.received_on, today=today)


def discharge_date_window(referral: Referral, *, today: date) -> DateWindow:
    return discharge_window(
        received_on=referral.received_on,
        last_session_on=referral.encounters.aggregate(last=Max("occurred_on"))["last"],
        assigned_on=referral.assignments.aggregate(start=Max("started_on"))["start"],
        today=today,
    )


def makes_home_visits(referral: Referral) -> bool:
    """Whether the referral's scheme visits people at home (its current policy; yes when it
    has none), as the session service checks."""
    policy = scheme_policy_current(referral.scheme_id)
    return policy is None or bool(policy.home_visits)


def sessions_attended(referral: Referral) -> int:
    return referral.encounters.filter(attended=True).count()


def session_cap(referral: Referral) -> int | None:
    policy = scheme_policy_current(referral.scheme_id)
    return policy.session_cap if policy else None


def cap_problem(referral: Referral, next_session: int) -> str | None:
    """Why session `next_session` cannot be recorded, or None.

    Past the cap a further session needs discharge or an at-risk flag with its reason
    (people at risk are not discharged at the cap), unless the scheme has no such exception."""
    policy = scheme_policy_current(referral.scheme_id)
    if policy is None or policy.session_cap is None or next_session <= policy.session_cap:
        return None
    if referral.at_risk and policy.at_risk_exception:
        return None
    advice = (
        "Discharge the person, or flag them as at risk with the reason, to continue."
        if policy.at_risk_exception
        else "This scheme makes no exception at the cap: discharge the person."
    )
    return (
        f"Session {next_session} would pass the scheme's cap of {policy.session_cap} "
        f"sessions. {advice}"
    )


def encounter_minutes_by_practice(
    *, practice_ids: Iterable[uuid.UUID], start: date, end: date
) -> dict[uuid.UUID, int]:
    """Minutes of attended one-to-one work per practice between start and end inclusive:
    the patient level of a link worker's time."""
    rows = (
        Encounter.objects.filter(
            practice_id__in=list(practice_ids),
            occurred_on__gte=start,
            occurred_on__lte=end,
            attended=True,
        )
        .values("practice_id")
        .annotate(minutes=Sum("duration_minutes"))
    )
    return {row["practice_id"]: int(row["minutes"] or 0) for row in rows}
