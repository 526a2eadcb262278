"""Codes and labels for implementation monitoring. Pure data, no Django, so the rule, the
forms, the demo and the exports share one list.

The three levels and the activity types follow the Deep End Links Worker Programme's
theory of change: link workers work with patients, act as agents of change in the practice,
and build networks in the community.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    PATIENT = "patient"
    PRACTICE = "practice"
    COMMUNITY = "community"


LEVEL_LABELS: dict[str, str] = {
    Level.PATIENT: "Patient level",
    Level.PRACTICE: "Practice level",
    Level.COMMUNITY: "Community level",
}


class ActivityKind(StrEnum):
    # Practice level: the link worker as an agent of change inside the practice.
    STAFF_WELLBEING = "staff_wellbeing"
    SHARED_LEARNING = "shared_learning"
    TEAM_MEETING = "team_meeting"
    RESOURCE_KNOWLEDGE = "resource_knowledge"
    STAFF_PROBLEM_SOLVING = "staff_problem_solving"
    # Community level: networks and pathways outside the practice.
    NETWORK_MEETING = "network_meeting"
    STEERING_GROUP = "steering_group"
    COMMUNITY_VISIT = "community_visit"
    REFERRAL_PATHWAY = "referral_pathway"
    LEARNING_EVENT = "learning_event"


ACTIVITY_LABELS: dict[str, str] = {
    ActivityKind.STAFF_WELLBEING: "Staff wellbeing activity",
    ActivityKind.SHARED_LEARNING: "Shared learning session",
    ActivityKind.TEAM_MEETING: "Team meeting",
    ActivityKind.RESOURCE_KNOWLEDGE: "Building the practice's knowledge of community resources",
    ActivityKind.STAFF_PROBLEM_SOLVING: "Problem solving with staff",
    ActivityKind.NETWORK_MEETING: "Network meeting",
    ActivityKind.STEERING_GROUP: "Steering group",
    ActivityKind.COMMUNITY_VISIT: "Visiting or hosting a community organisation",
    ActivityKind.REFERRAL_PATHWAY: "Developing a referral pathway",
    ActivityKind.LEARNING_EVENT: "Shared learning event (community)",
}

ACTIVITY_LEVEL: dict[str, Level] = {
    ActivityKind.STAFF_WELLBEING: Level.PRACTICE,
    ActivityKind.SHARED_LEARNING: Level.PRACTICE,
    ActivityKind.TEAM_MEETING: Level.PRACTICE,
    ActivityKind.RESOURCE_KNOWLEDGE: Level.PRACTICE,
    ActivityKind.STAFF_PROBLEM_SOLVING: Level.PRACTICE,
    ActivityKind.NETWORK_MEETING: Level.COMMUNITY,
    ActivityKind.STEERING_GROUP: Level.COMMUNITY,
    ActivityKind.COMMUNITY_VISIT: Level.COMMUNITY,
    ActivityKind.REFERRAL_PATHWAY: Level.COMMUNITY,
    ActivityKind.LEARNING_EVENT: Level.COMMUNITY,
}


def kinds_at(level: Level) -> tuple[ActivityKind, ...]:
    return tuple(kind for kind in ActivityKind if ACTIVITY_LEVEL[kind] is level)


# Minutes a link worker can pick with one click; any whole number from 5 to 480 is accepted.
QUICK_MINUTES: tuple[int, ...] = (15, 30, 45, 60, 90, 120, 180, 240)
MIN_ACTIVITY_MINUTES = 5
MAX_ACTIVITY_MINUTES = 480


class StaffGroup(StrEnum):
    """Practice staff groups counted at events (and offered to survey respondents)."""

    GPS = "gps"
    NURSES = "nurses"
    RECEPTION_ADMIN = "reception_admin"
    MANAGERS = "managers"


STAFF_GROUP_LABELS: dict[str, str] = {
    StaffGroup.GPS: "GPs",
    StaffGroup.NURSES: "Nurses",
    StaffGroup.RECEPTION_ADMIN: "Reception and admin",
    StaffGroup.MANAGERS: "Managers",
}


class EventKind(StrEnum):
    SHARED_LEARNING = "shared_learning"
    TEAM_MEETING = "team_meeting"
    STAFF_WELLBEING = "staff_wellbeing"
    COMMUNITY_SHOWCASE = "community_showcase"
    OTHER = "other"


EVENT_LABELS: dict[str, str] = {
    EventKind.SHARED_LEARNING: "Shared learning session",
    EventKind.TEAM_MEETING: "Team meeting",
    EventKind.STAFF_WELLBEING: "Staff wellbeing event",
    EventKind.COMMUNITY_SHOWCASE: "Community organisations meet the team",
    EventKind.OTHER: "Other practice event",
}


class AbsenceKind(StrEnum):
    ANNUAL_LEAVE = "annual_leave"
    SICK_LEAVE = "sick_leave"
    PARENTAL_LEAVE = "parental_leave"
    OTHER_LEAVE = "other_leave"
    VACANCY = "vacancy"


ABSENCE_LABELS: dict[str, str] = {
    AbsenceKind.ANNUAL_LEAVE: "Annual leave",
    AbsenceKind.SICK_LEAVE: "Sick leave",
    AbsenceKind.PARENTAL_LEAVE: "Parental leave",
    AbsenceKind.OTHER_LEAVE: "Other leave",
    AbsenceKind.VACANCY: "Vacancy (no link worker in post)",
}


class Cover(StrEnum):
    NONE = "none"
    PATIENTS_ONLY = "patients_only"
    FULL = "full"


COVER_LABELS: dict[str, str] = {
    Cover.NONE: "No cover",
    Cover.PATIENTS_ONLY: "Partial cover (urgent referrals or patients only)",
    Cover.FULL: "Full cover",
}

# The practice staff groups that can refer (codes from organisations.policy_rules); the
# referrer-breadth indicator counts how many of them referred.
PRACTICE_REFERRER_SOURCES: dict[str, str] = {
    "gp": "GPs",
    "practice_nurse": "Practice nurses",
    "receptionist": "Receptionists",
    "other_practice_staff": "Other practice staff",
}

# Who answered a NoMAD survey, as the respondent chooses to say; "" means not said.
RESPONDENT_GROUP_LABELS: dict[str, str] = {
    **STAFF_GROUP_LABELS,
    "link_worker": "Link worker",
    "other": "Other role",
    "": "Prefer not to say",
}
