"""The caseload's forms: the list's filters (sent by GET: nothing in them identifies anyone),
the search (sent by POST: a name or number never goes in an address), a saved filter's name,
and the bulk actions' choices."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.http import QueryDict

from linkwork.accounts.models import User
from linkwork.caseload.selectors import DEFAULT_SORT, SORTS, CaseloadFilters, FilterChoices
from linkwork.core.needs import Need
from linkwork.episodes.lifecycle import Status

ANY = ("", "Any")

RISK_CHOICES = [
    ANY,
    ("any", "At risk or with risks noted at referral"),
    ("at_risk", "Marked at risk"),
    ("flags", "Risks noted at referral"),
    ("none", "No risk noted"),
]
WAITING_CHOICES = [
    ANY,
    ("14", "No first session after 2 weeks or more"),
    ("28", "No first session after 4 weeks or more"),
    ("56", "No first session after 8 weeks or more"),
    ("84", "No first session after 12 weeks or more"),
]
LAST_CONTACT_CHOICES = [
    ANY,
    ("never", "No contact yet"),
    ("14", "None for 2 weeks or more"),
    ("28", "None for 4 weeks or more"),
    ("quiet", "Gone quiet: none for the scheme's number of days, nothing booked"),
]
NEXT_APPOINTMENT_CHOICES = [
    ANY,
    ("booked", "Booked"),
    ("none", "Nothing booked"),
    ("7", "Within the next 7 days"),
]
FLAG_CHOICES = [ANY, ("did_not_engage", "Ready to close as did not engage")]

# The parameters the list reads from its address: the filters and the page.
FILTER_FIELDS = (
    "status",
    "risk",
    "waiting",
    "last_contact",
    "next_appointment",
    "link_worker",
    "practice",
    "reason",
    "flag",
    "sort",
)


class FilterForm(forms.Form):
    status = forms.MultipleChoiceField(
        label="Status",
        required=False,
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every open episode.",
    )
    risk = forms.ChoiceField(label="Risk", required=False, choices=RISK_CHOICES)
    waiting = forms.ChoiceField(label="Waiting time", required=False, choices=WAITING_CHOICES)
    last_contact = forms.ChoiceField(
        label="Last contact", required=False, choices=LAST_CONTACT_CHOICES
    )
    next_appointment = forms.ChoiceField(
        label="Next appointment", required=False, choices=NEXT_APPOINTMENT_CHOICES
    )
    link_worker = forms.ChoiceField(label="Link worker", required=False)
    practice = forms.ChoiceField(label="Practice", required=False)
    reason = forms.ChoiceField(
        label="Reason for referral", required=False, choices=[ANY, *Need.choices]
    )
    flag = forms.ChoiceField(label="Flag", required=False, choices=FLAG_CHOICES)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, sort.label) for key, sort in SORTS.items()],
    )

    def __init__(self, data: QueryDict | None, *, choices: FilterChoices, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        if choices.link_workers:
            self.fields["link_worker"].choices = [  # type: ignore[attr-defined]
                ANY,
                ("none", "Nobody yet"),
                *[(str(u.pk), u.get_full_name() or u.username) for u in choices.link_workers],
            ]
        else:  # a link worker's own caseload is theirs alone
            del self.fields["link_worker"]
        self.fields["practice"].choices = [  # type: ignore[attr-defined]
            ANY,
            *[(str(p.pk), p.name) for p in choices.practices],
        ]

    def filters(self, *, search: str = "") -> CaseloadFilters:
        """The filters the form holds; a field with a bad value is left out (and reported)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        waiting = data.get("waiting") or ""
        practice = data.get("practice") or ""
        return CaseloadFilters(
            statuses=tuple(data.get("status") or ()),
            risk=data.get("risk") or "",
            waiting_days=int(waiting) if waiting else None,
            last_contact=data.get("last_contact") or "",
            next_appointment=data.get("next_appointment") or "",
            link_worker=data.get("link_worker") or "",
            practice=uuid.UUID(practice) if practice else None,
            reason=data.get("reason") or "",
            flag=data.get("flag") or "",
            sort=data.get("sort") or DEFAULT_SORT,
            search=search,
        )

    def query(self) -> str:
        """The valid filters as an address query, in a fixed order, for saving and exporting."""
        out = QueryDict(mutable=True)
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        for name in FILTER_FIELDS:
            value = data.get(name)
            if isinstance(value, list):
                out.setlist(name, value)
            elif value:
                out[name] = value
        return out.urlencode()


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, NHS number or CHI number",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search for at most 100 characters: a name or a number."},
    )


class SaveFilterForm(forms.Form):
    name = forms.CharField(
        label="Name this filter",
        max_length=80,
        error_messages={
            "required": "Give the filter a name, such as 'Waiting over 4 weeks'.",
            "max_length": (
                "Give the filter a name of at most 80 characters (this one has %(show_value)d)."
            ),
        },
    )
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=1000)


class EpisodeIdsField(forms.Field):
    """The ticked rows of the list: episode ids."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> list[uuid.UUID]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = []
        for raw in values:
            try:
                ids.append(uuid.UUID(str(raw)))
            except ValueError:
                raise forms.ValidationError(
                    "Choose people from the caseload list: one of the rows sent is not one of "
                    "its rows.",
                    code="invalid",
                ) from None
        return list(dict.fromkeys(ids))


class ChosenForm(forms.Form):
    episodes = EpisodeIdsField(
        label="People chosen",
        error_messages={"required": "Tick at least one person in the list first."},
    )


class ReassignForm(ChosenForm):
    to = forms.ModelChoiceField(
        label="Hand over to",
        queryset=User.objects.none(),
        empty_label="Choose a link worker",
        error_messages={
            "required": "Choose the link worker to hand over to.",
            "invalid_choice": "Choose a link worker of the same scheme.",
        },
    )
    note = forms.CharField(
        label="Handover note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The new link worker sees this on each episode.",
        error_messages={"required": "Write a handover note for the new link worker."},
    )

    def __init__(self, *args: Any, link_workers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in link_workers]
        ).order_by("last_name", "first_name")


class CloseForm(ChosenForm):
    reviewed = forms.BooleanField(
        label="I have reviewed each person above and they did not engage",
        error_messages={"required": "Tick to confirm you have reviewed each person."},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
