"""Forms for groups: a new group, a group session (who ran it, when, where, who came), and
why one is cancelled."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from linkwork.accounts.models import User
from linkwork.core.forms import Form, NhsDateField
from linkwork.episodes.models import Referral
from linkwork.groups.services import MOST_OTHERS, SessionDetails
from linkwork.groups.vocab import GroupKind


class ActivityForm(Form):
    id_prefix = "activity"
    name = forms.CharField(
        label="Name of the group", max_length=120, help_text="For example, Tuesday walking group"
    )
    kind = forms.ChoiceField(label="Kind of group", choices=GroupKind.choices)


class AttendeeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        referral: Referral = obj
        return f"{referral.person.full_name} (referred {referral.received_on:%d %b %Y})"


class GroupSessionForm(Form):
    id_prefix = "session"
    occurred_on = NhsDateField(label="Date", example="For example, 14 3 2026")
    place = forms.CharField(
        label="Where it met", max_length=200, help_text="For example, Heaton Park main gates"
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes", min_value=1, max_value=480, initial=60
    )
    facilitator = forms.ModelChoiceField(label="Who ran it", queryset=User.objects.none())
    attendees = AttendeeField(
        label="Who came from the caseload",
        queryset=Referral.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each person's episode gets this as a group session.",
    )
    others = forms.IntegerField(
        label="How many others came",
        min_value=0,
        max_value=MOST_OTHERS,
        initial=0,
        required=False,
        help_text="People not on the caseload: counted, never named.",
    )

    def __init__(
        self,
        *args: Any,
        facilitators: QuerySet[User],
        attendees: QuerySet[Referral],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = attendees  # type: ignore[attr-defined]
        self.fields["duration_minutes"].error_messages.update(
            min_value="A group session lasts at least 1 minute.",
            max_value="A group session lasts 8 hours (480 minutes) at most.",
            invalid="Enter the length as a whole number of minutes, like 60.",
            required="Enter how long the group session lasted, in minutes.",
        )
        self.fields["others"].error_messages.update(
            min_value="Enter 0 or more.",
            max_value=f"Enter {MOST_OTHERS} or fewer.",
            invalid="Enter how many others came as a whole number, like 3.",
        )
        self.fields["place"].error_messages["required"] = "Enter where the group met."
        self.fields["facilitator"].error_messages.update(
            required="Choose who ran the group.",
            invalid_choice="Choose one of the scheme's link workers or managers.",
        )
        self.fields["attendees"].error_messages["invalid_choice"] = (
            "Choose people from this scheme's open episodes only."
        )

    def details(self) -> SessionDetails:
        data = self.cleaned_data
        return SessionDetails(
            facilitator=data["facilitator"],
            occurred_on=data["occurred_on"],
            place=data["place"],
            duration_minutes=data["duration_minutes"],
            attendees=list(data["attendees"]),
            others=data.get("others") or 0,
        )


class CancelForm(Form):
    id_prefix = "cancel"
    reason = forms.CharField(
        label="Why it is cancelled",
        max_length=500,
        help_text="For example, the walk was rained off",
        error_messages={"required": "Enter why the group session is cancelled."},
    )
