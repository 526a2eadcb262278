"""Casework codes. Pure data."""

from __future__ import annotations

from linkwork.core.choices import Choices


class EncounterMode(Choices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    TELEPHONE = "telephone", "Telephone"
    VIDEO = "video", "Video"
    HOME_VISIT = "home_visit", "Home visit"
    GROUP = "group", "Group"
    ACCOMPANIED = "accompanied", "Accompanied appointment"


class GoalStatus(Choices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    PARTLY_ACHIEVED = "partly_achieved", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    NO_LONGER_RELEVANT = "no_longer_relevant", "No longer relevant"


class ConnectionKind(Choices):
    SIGNPOST = "signpost", "Signposting"
    REFERRAL = "referral", "Referral"
    ACCOMPANIED = "accompanied", "Accompanied first visit"


class ConnectionTarget(Choices):
    """Only a connection to a listed service reaches its provider; every other target is
    recorded by the link worker alone."""

    DIRECTORY_SERVICE = "directory_service", "Community service in the directory"
    UNLISTED_SERVICE = "unlisted_service", "Community service not in the directory"
    HOUSING = "housing", "Housing (statutory)"
    BENEFITS_DWP = "benefits_dwp", "Benefits or DWP"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    OTHER_STATUTORY = "other_statutory", "Other statutory service"


class SharedDetail(Choices):
    """What a person can agree to share with the provider of a service they are connected to."""

    NAME = "name", "Name"
    CONTACT = "contact", "Contact details (phone, email, how they like to be contacted)"
    REASON = "reason", "Reason for the connection"


class ConnectionStatus(Choices):
    """One-to-one with the FHIR Task status codes used for closed-loop referrals."""

    REQUESTED = "requested", "Requested"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Declined by the service"
    IN_PROGRESS = "in-progress", "Attending"
    ON_HOLD = "on-hold", "On hold"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Did not attend"


class FinancialGainType(Choices):
    BENEFIT_AWARD = "benefit_award", "Benefit awarded or increased"
    GRANT = "grant", "Grant"
    DEBT_WRITTEN_OFF = "debt_written_off", "Debt written off or reduced"
    FOOD_FUEL_SUPPORT = "food_fuel_support", "Food or fuel support"
    HOUSEHOLD_GOODS = "household_goods", "Household goods"
    OTHER = "other", "Other"


class ContactKind(Choices):
    """Contact about the person outside a session (the safeguarding app records it); here so
    the timeline can name it."""

    PHONE = "phone", "Phone call"
    MESSAGE = "message", "Message"
    LETTER = "letter", "Letter"
    PROFESSIONAL = "professional", "Meeting with another professional"
