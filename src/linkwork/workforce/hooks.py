"""What the workforce adds to the episode page (see core.extensions): the person's GP
appointments before and after their referral, and the form to record them."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.core.extensions import Panel
from linkwork.episodes.models import Referral
from linkwork.workforce.forms import GpAppointmentsForm
from linkwork.workforce.gp_services import after_window_ends
from linkwork.workforce.models import GpAppointments


def gp_appointments_panel(referral: Referral, user: User) -> Panel:
    """The episode page calls this only for staff who work on the episode, after reading it
    (and auditing the read), so the counts need no check or audit of their own."""
    record = GpAppointments.objects.filter(referral=referral).first()
    initial = (
        {
            "consent_recorded_on": record.consent_recorded_on,
            "window_months": record.window_months,
            "count_before": record.count_before,
            "count_after": record.count_after,
            "source": record.source,
            "note": record.note,
        }
        if record
        else {}
    )
    return Panel(
        "workforce/_gp_appointments_panel.html",
        {
            "gp_record": record,
            "gp_window_ends": after_window_ends(referral, record.window_months) if record else None,
            "gp_blank_form": GpAppointmentsForm(initial=initial),
        },
    )
