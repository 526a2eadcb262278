"""Forms for the implementation pages: parsing and field-level checks only; the services
hold the rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet

from linkwork.accounts.models import User
from linkwork.core.clock import today
from linkwork.core.forms import EXAMPLE, Form, NhsDateField
from linkwork.implementation.periods import Period, PeriodError, parse_period
from linkwork.implementation.vocab import (
    MAX_ACTIVITY_MINUTES,
    MIN_ACTIVITY_MINUTES,
    QUICK_MINUTES,
    AbsenceKind,
    Cover,
    EventKind,
    LeadRole,
    Level,
    StaffGroup,
    kinds_at,
)
from linkwork.organisations.models import Organisation


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return NhsDateField(label=label, required=required, help_text=help_text or EXAMPLE)


class PeriodForm(Form):
    period = forms.CharField(
        label="Period",
        max_length=30,
        required=False,
        help_text="A quarter such as 2026-Q3, or a range such as 2026-07-01..2026-09-30.",
    )

    def clean_period(self) -> Period | None:
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            return parse_period(text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


def _minutes_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


KIND_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (level.label, [(k.value, k.label) for k in kinds_at(level)])
    for level in (Level.PRACTICE, Level.COMMUNITY)
]


class ActivityForm(Form):
    """Quick logging: pick the practice, the day, the type and the time (a few clicks)."""

    practice = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Practice")
    occurred_on = forms.ChoiceField(label="Day", widget=forms.RadioSelect)
    kind = forms.ChoiceField(label="Type of activity", choices=KIND_GROUPS)
    minutes = forms.TypedChoiceField(
        label="Time spent",
        choices=[(str(m), _minutes_label(m)) for m in QUICK_MINUTES],
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    other_minutes = forms.IntegerField(
        label="Or another time, in minutes",
        min_value=MIN_ACTIVITY_MINUTES,
        max_value=MAX_ACTIVITY_MINUTES,
        required=False,
    )
    note = forms.CharField(label="Note (optional)", max_length=200, required=False)

    def __init__(
        self, *args: Any, practices: QuerySet[Organisation], week: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        practice_field = self.fields["practice"]
        assert isinstance(practice_field, forms.ModelChoiceField)
        practice_field.queryset = practices
        # Only days that have happened: activity is logged after it is done.
        days = [week + timedelta(days=n) for n in range(7) if week + timedelta(days=n) <= today()]
        day_field = self.fields["occurred_on"]
        assert isinstance(day_field, forms.ChoiceField)
        day_field.choices = [(d.isoformat(), d.strftime("%a %-d %b")) for d in days]

    def clean_occurred_on(self) -> date:
        return date.fromisoformat(self.cleaned_data["occurred_on"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        minutes = data.get("other_minutes") or data.get("minutes")
        if not minutes and "other_minutes" not in self.errors:
            self.add_error("minutes", "Choose the time spent, or type the minutes.")
        data["minutes"] = minutes
        return data


class EventForm(Form):
    held_on = date_field("Date of the event")
    kind = forms.ChoiceField(label="Type of event", choices=EventKind.choices)
    title = forms.CharField(label="Title", max_length=200)
    gps = forms.IntegerField(label=StaffGroup.GPS.label, min_value=0, max_value=500)
    nurses = forms.IntegerField(label=StaffGroup.NURSES.label, min_value=0, max_value=500)
    reception_admin = forms.IntegerField(
        label=StaffGroup.RECEPTION_ADMIN.label, min_value=0, max_value=500
    )
    managers = forms.IntegerField(label=StaffGroup.MANAGERS.label, min_value=0, max_value=500)

    ATTENDANCE = ("gps", "nurses", "reception_admin", "managers")

    def attendance(self) -> dict[str, int]:
        return {group: int(self.cleaned_data[group]) for group in self.ATTENDANCE}


class _PeopleForm(Form):
    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = people


class CoverageForm(_PeopleForm):
    prefix = "coverage"
    link_worker = forms.ModelChoiceField(queryset=User.objects.none(), label="Link worker")
    started_on = date_field("From")
    ended_on = date_field("Until (leave empty if still covering)", required=False)


class AbsenceForm(_PeopleForm):
    prefix = "absence"
    kind = forms.ChoiceField(label="Kind of absence", choices=AbsenceKind.choices)
    link_worker = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Link worker away (leave empty for a vacancy)",
        required=False,
    )
    started_on = date_field("From")
    ended_on = date_field("Until (leave empty if not yet known)", required=False)
    cover = forms.ChoiceField(
        label="Cover arranged", choices=Cover.choices, widget=forms.RadioSelect
    )
    cover_by = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Covered by", required=False
    )
    cover_note = forms.CharField(label="Cover arrangements", max_length=200, required=False)


class HandoverForm(_PeopleForm):
    prefix = "handover"
    outgoing = forms.ModelChoiceField(queryset=User.objects.none(), label="Outgoing link worker")
    outgoing_last_day = date_field("Outgoing link worker's last day at the practice")
    incoming = forms.ModelChoiceField(queryset=User.objects.none(), label="Incoming link worker")
    incoming_first_day = date_field("Incoming link worker's first day at the practice")
    note = forms.CharField(label="How the handover went", max_length=300, required=False)


class InitiativeForm(Form):
    name = forms.CharField(label="Name of the initiative", max_length=200)
    started_on = date_field("Started")
    ended_on = date_field("Ended (leave empty if still running)", required=False)
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes(value: str) -> bool:
    return value == "yes"


class LeadershipForm(Form):
    """Who leads the programme in the practice. The service checks that the answers agree
    (a named lead has a name and a role; with none, neither)."""

    recorded_on = date_field("Date recorded")
    has_lead = forms.TypedChoiceField(
        label="Does the practice have a named lead for the programme?",
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
        help_text="In the Deep End study, leadership shared by the lead GP, the link worker "
        "and the practice manager marked the practices that fully embedded the programme.",
    )
    lead_name = forms.CharField(label="Name of the practice lead", max_length=120, required=False)
    lead_role = forms.ChoiceField(
        label="Their role", choices=[("", "Choose a role"), *LeadRole.choices], required=False
    )
    in_meetings = forms.TypedChoiceField(
        label="Do they take part in practice meetings where the programme is discussed?",
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def clean_in_meetings(self) -> bool:
        # Unanswered is "no": the question only applies when there is a named lead.
        return self.cleaned_data["in_meetings"] is True


class RoundOpenForm(Form):
    closes_on = date_field("Links work until", help_text="At most 90 days from today.")
    links = forms.IntegerField(
        label="Number of personal links",
        min_value=1,
        max_value=200,
        help_text="One for each member of staff you will invite. Each works once.",
    )
    programme_name = forms.CharField(
        label="What the survey asks about", max_length=120, initial="the link worker programme"
    )


class LinksIssueForm(Form):
    count = forms.IntegerField(label="More links", min_value=1, max_value=200)
