"""The workforce's vocabularies and limits. Pure data, no Django, so the indicator rules and
the forms agree on one list."""

from __future__ import annotations

from decimal import Decimal

from linkwork.core.choices import Choices

# A full-time week in the NHS Agenda for Change terms most link workers are employed on: the
# whole-time equivalent (WTE) of a post is its contracted hours over this.
FULL_TIME_HOURS = Decimal("37.5")
MAX_CONTRACTED_HOURS = Decimal("48")  # the Working Time Regulations' weekly average limit
MIN_SESSION_MINUTES = 10
MAX_SESSION_MINUTES = 480
WELLBEING_MIN = 1
WELLBEING_MAX = 5
MAX_WELLBEING_ITEMS = 6
DEFAULT_SUPERVISION_INTERVAL_DAYS = 28
DEFAULT_WELLBEING_ITEMS = (
    "My caseload is manageable in my contracted hours.",
    "I can give each person the time they need.",
    "I get the support I need when a case is difficult.",
)
MAX_AMOUNT_GBP = Decimal("10000000")


class ThematicRole(Choices):
    GENERIC = "generic", "Generic"
    ASYLUM_REFUGEES = "asylum_refugees", "Asylum seekers and refugees"
    HOMELESSNESS = "homelessness", "People experiencing homelessness"
    MENTAL_HEALTH = "mental_health", "Mental health"
    CHILDREN_FAMILIES = "children_families", "Children, young people and families"
    FRAILTY = "frailty", "Frailty and older people"
    HOSPITAL_DISCHARGE = "hospital_discharge", "Hospital discharge"
    HIGH_INTENSITY = "high_intensity", "High-intensity users of emergency care"


class SessionKind(Choices):
    SUPERVISION = "supervision", "Supervision"
    PEER_SUPPORT = "peer_support", "Peer support"


class FundPurpose(Choices):
    GP_TIME = "gp_time", "GP time (longer consultations)"
    RECEPTIONIST_TIME = "receptionist_time", "Receptionist time"
    OTHER = "other", "Other"


class StaffGroup(Choices):
    GP = "gp", "GP"
    NURSE = "nurse", "Practice nurse"
    RECEPTIONIST = "receptionist", "Receptionist"
    PRACTICE_MANAGER = "practice_manager", "Practice manager"
    OTHER = "other", "Other practice staff"


class CostCategory(Choices):
    STAFF = "staff", "Link worker staff"
    MANAGEMENT = "management_support", "Management and support"
    VCSE_COMMISSIONING = "vcse_commissioning", "VCSE commissioning"
    PRACTICE_RESOURCES = "practice_resources", "Practice resources"
    OVERHEADS = "overheads", "Overheads"


def wte(contracted_hours: Decimal) -> Decimal:
    """Whole-time equivalent, to two places: 30 hours is 0.80 WTE."""
    return (contracted_hours / FULL_TIME_HOURS).quantize(Decimal("0.01"))


# GP appointments before and after referral: counts over a window of this many whole months
# on each side of the day of referral.
MIN_GP_WINDOW_MONTHS = 1
MAX_GP_WINDOW_MONTHS = 24
DEFAULT_GP_WINDOW_MONTHS = 6
# More than this many GP appointments in two years is almost certainly a typing error.
MAX_GP_APPOINTMENTS = 300


class GpCountSource(Choices):
    PRACTICE_RECORD = "practice_record", "The GP practice's record"
    PRACTICE_REPORT = "practice_report", "A report from the practice's system"
    SELF_REPORT = "self_report", "The person's own account"
