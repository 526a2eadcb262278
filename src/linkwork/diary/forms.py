"""Diary forms: book, move, cancel, and the session an appointment became."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.forms import Form, NhsDateField
from linkwork.episodes.forms import EncounterForm
from linkwork.episodes.vocab import EncounterMode

TIME_EXAMPLE = "Use the 24-hour clock, for example 14:30"


class TimeOfDayField(forms.TimeField):
    def __init__(self, *, label: str, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            help_text=TIME_EXAMPLE,
            **kwargs,
        )
        self.error_messages["required"] = f"Enter a time for “{label}”."
        self.error_messages["invalid"] = f"“{label}” must be a time. {TIME_EXAMPLE}."


class WhenFields(Form):
    """The date and time an appointment starts, and how long it lasts."""

    starts_on = NhsDateField(label="Date")
    starts_at = TimeOfDayField(label="Time")
    length_minutes = forms.IntegerField(label="Length in minutes", min_value=1, max_value=480)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The hint shows a date the appointment could be on: a fortnight from today.
        soon = clock.today() + timedelta(days=14)
        example = f"For example, {soon.day} {soon.month} {soon.year}"
        field = self.fields["starts_on"]
        field.help_text = example
        field.error_messages["invalid"] = (
            f"“Date” must be a real date, with the day, month and year as numbers. {example}."
        )

    def starts(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["starts_on"], data["starts_at"]))


class AppointmentForm(WhenFields):
    id_prefix = "appointment"
    link_worker = forms.ModelChoiceField(label="Link worker", queryset=User.objects.none())
    mode = forms.ChoiceField(label="How", choices=EncounterMode.choices)
    where = forms.CharField(
        label="Where, or the video link",
        required=False,
        max_length=300,
        help_text="A place (the surgery, a café) or the link for a video call.",
    )
    with_whom = forms.CharField(
        label="With whom",
        required=False,
        max_length=200,
        help_text="Anyone else coming, such as a carer or an interpreter.",
    )

    def __init__(
        self,
        *args: Any,
        link_workers: QuerySet[User],
        home_visits: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        worker = self.fields["link_worker"]
        assert isinstance(worker, forms.ModelChoiceField)
        worker.queryset = link_workers
        worker.error_messages["invalid_choice"] = (
            "Choose one of the scheme's link workers for “Link worker”."
        )
        if not home_visits:
            # A scheme that makes no home visits is not offered one only to refuse it.
            mode = self.fields["mode"]
            assert isinstance(mode, forms.ChoiceField)
            mode.choices = [c for c in EncounterMode.choices if c[0] != EncounterMode.HOME_VISIT]

    def booking(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "starts_at": self.starts(),
            "length_minutes": data["length_minutes"],
            "mode": data["mode"],
            "where": data["where"],
            "with_whom": data["with_whom"],
            "link_worker": data["link_worker"],
        }


class MoveForm(WhenFields):
    id_prefix = "move"
    # Checked by the service, which names the field when it is empty.
    reason = forms.CharField(
        label="Why is it moving?",
        required=False,
        max_length=500,
        widget=forms.Textarea({"rows": 2}),
    )


class CancelForm(Form):
    id_prefix = "cancel"
    reason = forms.CharField(
        label="Why is it cancelled?",
        required=False,
        max_length=500,
        widget=forms.Textarea({"rows": 2}),
        help_text="For example, the person is unwell, or has found the help they needed.",
    )


class SessionForm(EncounterForm):
    """The episode's session form, filled from the appointment; whether the person came is
    already known (this page records an attended one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["attended"]


class DiarySettingsForm(Form):
    missed_contacts = forms.IntegerField(
        label="Missed contacts before offering discharge",
        min_value=1,
        max_value=50,
        help_text="Missed in a row since the last attended session. The link worker is then "
        "offered discharge as did not engage; it is never done for them.",
    )
    quiet_days = forms.IntegerField(
        label="Days without contact before flagging",
        min_value=1,
        max_value=365,
        help_text="People on the caseload with nothing booked and no contact for this long "
        "are flagged.",
    )
    reminder_hours = forms.IntegerField(
        label="Hours before an appointment to remind the person",
        min_value=0,
        max_value=168,
        required=False,
        help_text="Sent by the person's contact preference. 0 sends no reminders; left empty, 24.",
    )
