"""Forms for the workforce pages: parsing and field-level checks only; the services hold the
rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from linkwork.accounts.models import User
from linkwork.core.forms import Form, NhsDateField, name_required_messages
from linkwork.organisations.models import Organisation, Scheme
from linkwork.workforce.selectors import (
    employer_candidates,
    line_manager_candidates,
    scheme_link_workers,
    schemes_serving,
)
from linkwork.workforce.vocab import (
    DEFAULT_GP_WINDOW_MONTHS,
    MAX_AMOUNT_GBP,
    MAX_CONTRACTED_HOURS,
    MAX_GP_APPOINTMENTS,
    MAX_GP_WINDOW_MONTHS,
    MAX_SESSION_MINUTES,
    MIN_GP_WINDOW_MONTHS,
    MIN_SESSION_MINUTES,
    WELLBEING_MAX,
    WELLBEING_MIN,
    CostCategory,
    FundPurpose,
    GpCountSource,
    SessionKind,
    StaffGroup,
    ThematicRole,
)


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT_GBP,
        max_digits=12,
        decimal_places=2,
        help_text="In pounds, like 35000 or 1250.50.",
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PostForm(Form):
    title = forms.CharField(label="Post title", max_length=120, initial="Link worker")
    holder = forms.ModelChoiceField(
        label="Link worker in post",
        queryset=User.objects.none(),
        required=False,
        help_text="Leave empty while the post is vacant.",
    )
    contracted_hours = forms.DecimalField(
        label="Contracted hours a week",
        min_value=Decimal("1"),
        max_value=MAX_CONTRACTED_HOURS,
        max_digits=4,
        decimal_places=1,
        help_text="37.5 hours is one whole-time equivalent.",
    )
    started_on = NhsDateField(label="Start date")
    employer = forms.ModelChoiceField(label="Employer", queryset=Organisation.objects.none())
    line_manager = forms.ModelChoiceField(
        label="Line manager", queryset=User.objects.none(), required=False
    )
    thematic_role = forms.ChoiceField(
        label="Role", choices=ThematicRole.choices, initial=ThematicRole.GENERIC.value
    )
    practices = forms.ModelMultipleChoiceField(
        label="Hosting practices",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = scheme_link_workers(scheme=scheme)  # type: ignore[attr-defined]
        self.fields["line_manager"].queryset = line_manager_candidates(scheme=scheme)  # type: ignore[attr-defined]
        self.fields["employer"].queryset = employer_candidates(scheme=scheme)  # type: ignore[attr-defined]
        self.fields["practices"].queryset = scheme.practices.order_by("name")  # type: ignore[attr-defined]
        self.fields["employer"].initial = scheme.employer_id


class PostEndForm(Form):
    id_prefix = "end"
    ended_on = NhsDateField(label="Last day in post")


class StandardForm(Form):
    id_prefix = "standard"
    supervision_interval_days = forms.IntegerField(
        label="Supervision is due every (days)", min_value=7, max_value=180
    )
    required_courses = forms.CharField(
        label="Courses every link worker completes",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One course a line.",
    )
    wellbeing_items = forms.CharField(
        label="Wellbeing check questions",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One statement a line; link workers answer each from 1 (not at all) to 5 "
        "(completely).",
    )

    def clean_required_courses(self) -> list[str]:
        return _lines(self.cleaned_data["required_courses"])

    def clean_wellbeing_items(self) -> list[str]:
        return _lines(self.cleaned_data["wellbeing_items"])


class SessionForm(Form):
    id_prefix = "session"
    kind = forms.ChoiceField(label="Type of session", choices=SessionKind.choices)
    held_on = NhsDateField(label="Date of the session")
    duration_minutes = forms.IntegerField(
        label="Length in minutes", min_value=MIN_SESSION_MINUTES, max_value=MAX_SESSION_MINUTES
    )
    content = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you and the link worker's line manager can read these.",
    )


class TrainingForm(Form):
    id_prefix = "training"
    course = forms.CharField(label="Course", max_length=200)
    completed_on = NhsDateField(label="Date completed")
    provider = forms.CharField(label="Provider", max_length=200)


SCALE = [(str(n), str(n)) for n in range(WELLBEING_MIN, WELLBEING_MAX + 1)]


class WellbeingForm(Form):
    id_prefix = "wellbeing"

    def __init__(self, *args: Any, items: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, item in enumerate(items):
            self.fields[f"item_{index}"] = forms.ChoiceField(
                label=item, choices=SCALE, widget=forms.RadioSelect
            )
        self.item_count = len(items)
        name_required_messages(self)  # again, for the questions just added

    def answers(self) -> list[int]:
        return [int(self.cleaned_data[f"item_{i}"]) for i in range(self.item_count)]


class _PracticeForm(Form):
    scheme = forms.ModelChoiceField(label="Scheme", queryset=Scheme.objects.none())
    period_start = NhsDateField(label="Period starts")
    period_end = NhsDateField(label="Period ends")

    def __init__(self, *args: Any, practice: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        serving = schemes_serving(practice=practice)
        self.fields["scheme"].queryset = serving  # type: ignore[attr-defined]
        if len(serving) == 1:
            self.fields["scheme"].initial = serving[0].pk


class FundForm(_PracticeForm):
    id_prefix = "fund"
    amount_gbp = _money("Amount (£)")
    purpose = forms.ChoiceField(label="What it pays for", choices=FundPurpose.choices)
    note = forms.CharField(label="Note", max_length=200, required=False)


class ProtectedTimeForm(_PracticeForm):
    id_prefix = "time"
    staff_name = forms.CharField(label="Member of staff", max_length=120)
    staff_group = forms.ChoiceField(label="Staff group", choices=StaffGroup.choices)
    hours_per_week = forms.DecimalField(
        label="Protected hours a week",
        min_value=Decimal("0.5"),
        max_value=Decimal("40"),
        max_digits=4,
        decimal_places=1,
    )
    extra_consultation_minutes = forms.IntegerField(
        label="Extra consultation minutes in the period",
        min_value=0,
        initial=0,
        help_text="Minutes added to consultations with people who need longer.",
    )
    how_used = forms.CharField(label="How the time was used", max_length=200, required=False)


class CostForm(Form):
    period_start = NhsDateField(label="Period starts")
    period_end = NhsDateField(label="Period ends")
    category = forms.ChoiceField(label="Category", choices=CostCategory.choices)
    amount_gbp = _money("Amount (£)")
    note = forms.CharField(label="Note", max_length=200, required=False)


class GpAppointmentsForm(Form):
    id_prefix = "gp"
    consent_recorded_on = NhsDateField(
        label="Date the person's consent was recorded",
        help_text="Record the counts only for a person who agreed to them being counted.",
    )
    window_months = forms.IntegerField(
        label="Window (months either side of the referral)",
        min_value=MIN_GP_WINDOW_MONTHS,
        max_value=MAX_GP_WINDOW_MONTHS,
        initial=DEFAULT_GP_WINDOW_MONTHS,
    )
    count_before = forms.IntegerField(
        label="GP appointments in the window before the referral",
        min_value=0,
        max_value=MAX_GP_APPOINTMENTS,
    )
    count_after = forms.IntegerField(
        label="GP appointments in the window after the referral",
        min_value=0,
        max_value=MAX_GP_APPOINTMENTS,
    )
    source = forms.ChoiceField(label="Where the counts come from", choices=GpCountSource.choices)
    note = forms.CharField(label="Note", max_length=200, required=False)


class GpImportForm(Form):
    id_prefix = "gpimport"
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: referral_id, consent_recorded_on (YYYY-MM-DD), window_months, "
        "count_before, count_after, source, note.",
    )


class PostEditForm(PostForm):
    id_prefix = "edit"


def _without_scheme(form: Form) -> None:
    # A fund or protected time stays with the scheme it was recorded for.
    del form.fields["scheme"]


class FundEditForm(FundForm):
    def __init__(self, *args: Any, practice: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, practice=practice, **kwargs)
        _without_scheme(self)


class ProtectedTimeEditForm(ProtectedTimeForm):
    def __init__(self, *args: Any, practice: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, practice=practice, **kwargs)
        _without_scheme(self)


class ResourceEndForm(Form):
    id_prefix = "end"
    ended_on = NhsDateField(label="Last day")
