"""The referral (episode) lifecycle as one transition table, plus its reason codes. Pure.

received -> accepted -> waiting -> active -> discharged, or declined / withdrawn / did not
engage. The table also decides which actions the pages offer."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    WAITING = "waiting"
    ACTIVE = "active"
    DISCHARGED = "discharged"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    DID_NOT_ENGAGE = "did_not_engage"


STATUS_LABELS: dict[str, str] = {
    Status.RECEIVED: "Received",
    Status.ACCEPTED: "Accepted",
    Status.WAITING: "Waiting",
    Status.ACTIVE: "Active",
    Status.DISCHARGED: "Discharged",
    Status.DECLINED: "Declined",
    Status.WITHDRAWN: "Withdrawn",
    Status.DID_NOT_ENGAGE: "Did not engage",
}


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
            f"This referral is {STATUS_LABELS[current].lower()} and closed; "
            "refer the person again to start a new episode."
        )
    allowed = ", ".join(STATUS_LABELS[s].lower() for s in sorted(TRANSITIONS[current]))
    return (
        f"A referral that is {STATUS_LABELS[current].lower()} cannot become "
        f"{STATUS_LABELS[target].lower()}; it can become: {allowed}."
    )


class DeclineReason(StrEnum):
    SOURCE_NOT_ACCEPTED = "source_not_accepted"
    AGE_OUTSIDE_RANGE = "age_outside_range"
    EXCLUSION = "exclusion_criterion"
    REREFERRAL_TOO_SOON = "rereferral_too_soon"
    NEEDS_OTHER_SERVICE = "needs_other_service"
    DUPLICATE = "duplicate_referral"
    OTHER = "other"


DECLINE_REASON_LABELS: dict[str, str] = {
    DeclineReason.SOURCE_NOT_ACCEPTED: "Referral source not accepted by this scheme",
    DeclineReason.AGE_OUTSIDE_RANGE: "Age outside the scheme's range",
    DeclineReason.EXCLUSION: "Meets an exclusion criterion",
    DeclineReason.REREFERRAL_TOO_SOON: "Re-referred before the minimum gap",
    DeclineReason.NEEDS_OTHER_SERVICE: "Needs are better met by another service",
    DeclineReason.DUPLICATE: "Duplicate of an open referral",
    DeclineReason.OTHER: "Other",
}


class DischargeReason(StrEnum):
    GOALS_MET = "goals_met"
    CONNECTED = "connected_to_support"
    SESSION_CAP = "session_cap_reached"
    DECLINED_FURTHER = "declined_further_support"
    MOVED_AWAY = "moved_away"
    REFERRED_ELSEWHERE = "referred_to_other_service"
    DIED = "died"
    OTHER = "other"


DISCHARGE_REASON_LABELS: dict[str, str] = {
    DischargeReason.GOALS_MET: "Goals met",
    DischargeReason.CONNECTED: "Connected to ongoing community support",
    DischargeReason.SESSION_CAP: "Reached the session cap",
    DischargeReason.DECLINED_FURTHER: "Declined further support",
    DischargeReason.MOVED_AWAY: "Moved away",
    DischargeReason.REFERRED_ELSEWHERE: "Referred to another service",
    DischargeReason.DIED: "Died",
    DischargeReason.OTHER: "Other",
}


class RiskFlag(StrEnum):
    SELF_HARM = "self_harm_risk"
    SAFEGUARDING_ADULT = "safeguarding_adult"
    SAFEGUARDING_CHILD = "safeguarding_child"
    LONE_WORKING = "lone_working_caution"
    DOMESTIC_ABUSE = "domestic_abuse"


RISK_FLAG_LABELS: dict[str, str] = {
    RiskFlag.SELF_HARM: "Risk of self-harm or suicide",
    RiskFlag.SAFEGUARDING_ADULT: "Adult safeguarding concern",
    RiskFlag.SAFEGUARDING_CHILD: "Child safeguarding concern",
    RiskFlag.LONE_WORKING: "Lone-working caution",
    RiskFlag.DOMESTIC_ABUSE: "Domestic abuse",
}


# SNOMED CT events carried by an episode for GP systems.
SNOMED_REFERRED = "871731000000106"  # referral to social prescribing service


SNOMED_DECLINED = "871711000000103"  # social prescribing declined
