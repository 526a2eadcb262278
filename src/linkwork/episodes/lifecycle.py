"""The referral (episode) lifecycle as one transition table, plus its reason codes. Pure.

received -> accepted -> waiting -> active -> discharged, or declined / withdrawn / did not
engage. The table also decides which actions the pages offer."""

from __future__ import annotations

from linkwork.core.choices import Choices


class Status(Choices):
    RECEIVED = "received", "Received"
    ACCEPTED = "accepted", "Accepted"
    WAITING = "waiting", "Waiting for a first session"
    ACTIVE = "active", "Active"
    DISCHARGED = "discharged", "Discharged"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DID_NOT_ENGAGE = "did_not_engage", "Did not engage"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset({Status.WAITING, Status.ACTIVE, Status.WITHDRAWN}),
    Status.WAITING: frozenset({Status.ACTIVE, Status.WITHDRAWN, Status.DID_NOT_ENGAGE}),
    Status.ACTIVE: frozenset({Status.DISCHARGED, Status.WITHDRAWN, Status.DID_NOT_ENGAGE}),
    Status.DISCHARGED: frozenset(),
    Status.DECLINED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.DID_NOT_ENGAGE: frozenset(),
}


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.ACCEPTED, Status.WAITING, Status.ACTIVE})


CLOSED_STATUSES = frozenset(Status) - OPEN_STATUSES


def transition_problem(current: Status, target: Status) -> str | None:
    if target in TRANSITIONS[current]:
        return None
    if current in CLOSED_STATUSES:
        return (
            f"This referral is {current.label.lower()} and closed; "
            "refer the person again to start a new episode."
        )
    allowed = ", ".join(s.label.lower() for s in sorted(TRANSITIONS[current]))
    return (
        f"A referral that is {current.label.lower()} cannot become "
        f"{target.label.lower()}; it can become: {allowed}."
    )


class DeclineReason(Choices):
    SOURCE_NOT_ACCEPTED = "source_not_accepted", "Referral source not accepted by this scheme"
    AGE_OUTSIDE_RANGE = "age_outside_range", "Age outside the scheme's range"
    EXCLUSION = "exclusion_criterion", "Meets an exclusion criterion"
    REREFERRAL_TOO_SOON = "rereferral_too_soon", "Re-referred before the minimum gap"
    NEEDS_OTHER_SERVICE = "needs_other_service", "Needs are better met by another service"
    DUPLICATE = "duplicate_referral", "Duplicate of an open referral"
    OTHER = "other", "Other"


class DischargeReason(Choices):
    GOALS_MET = "goals_met", "Goals met"
    CONNECTED = "connected_to_support", "Connected to ongoing community support"
    SESSION_CAP = "session_cap_reached", "Reached the session cap"
    DECLINED_FURTHER = "declined_further_support", "Declined further support"
    MOVED_AWAY = "moved_away", "Moved away"
    REFERRED_ELSEWHERE = "referred_to_other_service", "Referred to another service"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class RiskFlag(Choices):
    SELF_HARM = "self_harm_risk", "Risk of self-harm or suicide"
    SAFEGUARDING_ADULT = "safeguarding_adult", "Adult safeguarding concern"
    SAFEGUARDING_CHILD = "safeguarding_child", "Child safeguarding concern"
    LONE_WORKING = "lone_working_caution", "Lone-working caution"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"


# SNOMED CT events carried by an episode for GP systems.
SNOMED_REFERRED = "871731000000106"  # referral to social prescribing service


SNOMED_DECLINED = "871711000000103"  # social prescribing declined

# What each code says, in words, wherever a person reads it.
SNOMED_TERMS = {
    SNOMED_REFERRED: "Referred to social prescribing service",
    SNOMED_DECLINED: "Social prescribing declined",
}
