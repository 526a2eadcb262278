"""Task and notification codes. Pure data."""

from __future__ import annotations

from linkwork.core.choices import Choices


class TaskStatus(Choices):
    OPEN = "open", "To do"
    DONE = "done", "Done"


class TaskKind(Choices):
    """Where a task came from: written by hand, or raised by a rule (tasks.rules, tasks.due)."""

    BY_HAND = "by_hand", "Written by hand"
    NEW_REFERRAL = "new_referral", "New referral assigned"
    VCSE_REPLY = "vcse_reply", "A service replied"
    VCSE_DECLINED = "vcse_declined", "A service declined"
    CONNECTION_SILENT = "connection_silent", "No reply from a service"
    QUESTIONNAIRE_DUE = "questionnaire_due", "Questionnaire due"
    REFERRAL_RISK = "referral_risk", "Risk described on the referral"
    RISK_ALERT = "risk_alert", "Risk answer on a questionnaire"
    SAFEGUARDING = "safeguarding", "Safeguarding concern open"


class NotificationKind(Choices):
    ASSIGNED = "assigned", "A task for you"
    REASSIGNED = "reassigned", "A task passed to you"
    COMPLETED = "completed", "Your task was done by a colleague"


# A connection still waiting for the service's reply this many days raises a task to chase it.
DEFAULT_SILENT_DAYS = 14
# A new referral's first-contact task is due this many days after it is assigned.
FIRST_CONTACT_DAYS = 3
