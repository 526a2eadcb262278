"""Casework codes. Pure data."""

from __future__ import annotations

ENCOUNTER_MODES: dict[str, str] = {
    "face_to_face": "Face to face",
    "telephone": "Telephone",
    "video": "Video",
    "home_visit": "Home visit",
    "group": "Group",
    "accompanied": "Accompanied appointment",
}


GOAL_STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "achieved": "Achieved",
    "partly_achieved": "Partly achieved",
    "not_achieved": "Not achieved",
    "no_longer_relevant": "No longer relevant",
}


CONNECTION_KINDS: dict[str, str] = {
    "signpost": "Signposting",
    "referral": "Referral",
    "accompanied": "Accompanied first visit",
}


CONNECTION_TARGETS: dict[str, str] = {
    "directory_service": "Community service in the directory",
    "housing": "Housing (statutory)",
    "benefits_dwp": "Benefits or DWP",
    "local_authority": "Local authority",
    "other_statutory": "Other statutory service",
}


# One-to-one with the FHIR Task status codes used for closed-loop referrals.
CONNECTION_STATUSES: dict[str, str] = {
    "requested": "Requested",
    "accepted": "Accepted",
    "rejected": "Declined by the service",
    "in-progress": "Attending",
    "on-hold": "On hold",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "failed": "Did not attend",
}


FINANCIAL_GAIN_TYPES: dict[str, str] = {
    "benefit_award": "Benefit awarded or increased",
    "grant": "Grant",
    "debt_written_off": "Debt written off or reduced",
    "food_fuel_support": "Food or fuel support",
    "household_goods": "Household goods",
    "other": "Other",
}
