"""Forms for the directory pages: parsing and validating what people type."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from linkwork.core import clock
from linkwork.core.forms import Form, NhsDateField
from linkwork.core.needs import Need
from linkwork.directory.geo import miles_to_km
from linkwork.directory.models import Service
from linkwork.directory.search import SearchFilters
from linkwork.directory.selectors import postcode_point
from linkwork.identifiers import EXAMPLE_POSTCODE, IdentifierError, normalise_postcode
from linkwork.organisations.models import Region

DAY_CHOICES = [
    ("MO", "Monday"),
    ("TU", "Tuesday"),
    ("WE", "Wednesday"),
    ("TH", "Thursday"),
    ("FR", "Friday"),
    ("SA", "Saturday"),
    ("SU", "Sunday"),
]
AVAILABLE = "available"
CAPACITY_FILTERS: dict[str, tuple[str, ...]] = {
    AVAILABLE: (Service.Capacity.OPEN, Service.Capacity.WAITING_LIST),
    **{value: (value,) for value in Service.Capacity.values},
}
# Services people can be pointed to: not those the publisher says are inactive or defunct.
LISTED_STATUSES = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)


class DirectorySearchForm(Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    need = forms.ChoiceField(
        label="Category", choices=[("", "Any category"), *Need.choices], required=False
    )
    age = forms.IntegerField(label="Age of the person", min_value=0, max_value=120, required=False)
    cost = forms.ChoiceField(
        label="Cost",
        choices=[("", "Free or paid"), ("free", "Free"), ("paid", "Paid")],
        required=False,
    )
    day = forms.ChoiceField(
        label="Open on", choices=[("", "Any day"), *DAY_CHOICES], required=False
    )
    capacity = forms.ChoiceField(
        label="Taking people",
        choices=[
            ("", "Any"),
            (AVAILABLE, "Open or waiting list"),
            *Service.Capacity.choices,
        ],
        required=False,
    )
    postcode = forms.CharField(label="Near postcode", required=False, max_length=10)
    within = forms.TypedChoiceField(
        label="Within",
        choices=[("", "Any distance"), *((str(m), f"{m} miles") for m in (1, 3, 5, 10, 25))],
        coerce=float,
        empty_value=None,
        required=False,
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label="All regions",
    )

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"].strip()
        if not raw:
            return ""
        try:
            return normalise_postcode(raw)
        except IdentifierError as exc:
            raise forms.ValidationError(f"Enter a UK postcode, like {EXAMPLE_POSTCODE}.") from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        postcode = data.get("postcode")
        data["origin"] = None
        if postcode:
            data["origin"] = postcode_point(postcode)
            if data["origin"] is None:
                self.add_error("postcode", f"We do not know where {postcode} is.")
        if data.get("within") is not None and not postcode and "postcode" not in self.errors:
            self.add_error("within", "Enter a postcode to search within a distance of it.")
        return data

    def filters(self) -> SearchFilters:
        """The search this valid form asks for."""
        data = self.cleaned_data
        within = data.get("within")
        region = data.get("region")
        return SearchFilters(
            text=data.get("q", ""),
            needs=(data["need"],) if data.get("need") else (),
            age=Decimal(data["age"]) if data.get("age") is not None else None,
            cost=data.get("cost", ""),
            day=data.get("day", ""),
            capacities=CAPACITY_FILTERS.get(data.get("capacity", ""), ()),
            statuses=LISTED_STATUSES,
            region_id=region.pk if region is not None else None,
            origin=data.get("origin"),
            within_km=miles_to_km(within) if within is not None else None,
        )


class CapacityForm(Form):
    capacity = forms.ChoiceField(
        label="Is the service taking people?",
        choices=Service.Capacity.choices,
        widget=forms.RadioSelect,
    )
    verified_on = NhsDateField(
        label="Date checked", help_text="Leave as today if you checked it today."
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, how long the waiting list is.",
        required=False,
        max_length=300,
    )

    def clean_verified_on(self) -> date:
        verified_on: date = self.cleaned_data["verified_on"]
        if verified_on > clock.today():
            raise forms.ValidationError("The date it was checked cannot be in the future.")
        return verified_on
