"""Codes and labels for implementation monitoring. Pure data, no Django, so the rule, the
forms, the demo and the exports share one list.

The three levels and the activity types follow the Deep End Links Worker Programme's
theory of change: link workers work with patients, act as agents of change in the practice,
and build networks in the community.
"""

from __future__ import annotations

from linkwork.core.choices import Choices
from linkwork.organisations.policy_rules import ReferralSource


class Level(Choices):
    PATIENT = "patient", "Patient level"
    PRACTICE = "practice", "Practice level"
    COMMUNITY = "community", "Community level"


class ActivityKind(Choices):
    # Practice level: the link worker as an agent of change inside the practice.
    STAFF_WELLBEING = "staff_wellbeing", "Staff wellbeing activity"
    SHARED_LEARNING = "shared_learning", "Shared learning session"
    TEAM_MEETING = "team_meeting", "Team meeting"
    RESOURCE_KNOWLEDGE = (
        "resource_knowledge",
        "Building the practice's knowledge of community resources",
    )
    STAFF_PROBLEM_SOLVING = "staff_problem_solving", "Problem solving with staff"
    # Community level: networks and pathways outside the practice.
    NETWORK_MEETING = "network_meeting", "Network meeting"
    STEERING_GROUP = "steering_group", "Steering group"
    COMMUNITY_VISIT = "community_visit", "Visiting or hosting a community organisation"
    REFERRAL_PATHWAY = "referral_pathway", "Developing a referral pathway"
    LEARNING_EVENT = "learning_event", "Shared learning event (community)"


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


class StaffGroup(Choices):
    """Practice staff groups counted at events (and offered to survey respondents)."""

    GPS = "gps", "GPs"
    NURSES = "nurses", "Nurses"
    RECEPTION_ADMIN = "reception_admin", "Reception and admin"
    MANAGERS = "managers", "Managers"


class EventKind(Choices):
    SHARED_LEARNING = "shared_learning", "Shared learning session"
    TEAM_MEETING = "team_meeting", "Team meeting"
    STAFF_WELLBEING = "staff_wellbeing", "Staff wellbeing event"
    COMMUNITY_SHOWCASE = "community_showcase", "Community organisations meet the team"
    OTHER = "other", "Other practice event"


class AbsenceKind(Choices):
    ANNUAL_LEAVE = "annual_leave", "Annual leave"
    SICK_LEAVE = "sick_leave", "Sick leave"
    PARENTAL_LEAVE = "parental_leave", "Parental leave"
    OTHER_LEAVE = "other_leave", "Other leave"
    VACANCY = "vacancy", "Vacancy (no link worker in post)"


class Cover(Choices):
    NONE = "none", "No cover"
    PATIENTS_ONLY = "patients_only", "Partial cover (urgent referrals or patients only)"
    FULL = "full", "Full cover"


# The practice staff groups that can refer, named as groups of people; the referrer-breadth
# indicator counts how many of them referred.
PRACTICE_REFERRER_SOURCES: dict[str, str] = {
    ReferralSource.GP: "GPs",
    ReferralSource.PRACTICE_NURSE: "Practice nurses",
    ReferralSource.RECEPTIONIST: "Receptionists",
    ReferralSource.OTHER_PRACTICE_STAFF: "Other practice staff",
}


class RespondentGroup(Choices):
    """Who answered a NoMAD survey, as the respondent chooses to say: the staff groups, the
    link worker, another role, or not said."""

    GPS = StaffGroup.GPS.value, StaffGroup.GPS.label
    NURSES = StaffGroup.NURSES.value, StaffGroup.NURSES.label
    RECEPTION_ADMIN = StaffGroup.RECEPTION_ADMIN.value, StaffGroup.RECEPTION_ADMIN.label
    MANAGERS = StaffGroup.MANAGERS.value, StaffGroup.MANAGERS.label
    LINK_WORKER = "link_worker", "Link worker"
    OTHER = "other", "Other role"
    NOT_SAID = "", "Prefer not to say"


class LeadRole(Choices):
    """The role of the practice's named lead for the programme. In the Deep End evaluation,
    leadership in the fully integrated practices was shared by the lead GP, the link worker
    and the practice manager."""

    GP = "gp", "GP"
    PRACTICE_MANAGER = "practice_manager", "Practice manager"
    NURSE = "nurse", "Practice nurse"
    OTHER = "other", "Other practice staff"
