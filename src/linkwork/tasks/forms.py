"""Task forms. The services check every rule again; these parse and name the fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from linkwork.accounts.models import User
from linkwork.core.forms import Form, NhsDateField

ME = ""
SCHEME = "scheme"


def _staff_choices(staff: Sequence[User], *, me: str) -> list[tuple[str, str]]:
    return [
        (ME, me),
        (SCHEME, "The scheme: any of its link workers may take it"),
        *((str(u.pk), u.get_full_name() or u.get_username()) for u in staff),
    ]


def _set_choices(field: forms.Field, staff: Sequence[User]) -> None:
    if isinstance(field, forms.ChoiceField):
        field.choices = _staff_choices(staff, me="Me")


class TaskForm(Form):
    title = forms.CharField(
        label="What needs doing",
        max_length=200,
        help_text="For example, call back about the benefits form, or chase the walking group",
    )
    due_on = NhsDateField(label="Due date", example="For example, 27 3 2027")
    assignee = forms.ChoiceField(label="For", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, staff: Sequence[User], id_prefix_override: str = "task", **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", f"id_{id_prefix_override}-%s")
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        _set_choices(self.fields["assignee"], staff)


class ReassignForm(Form):
    assignee = forms.ChoiceField(label="Pass to", required=False)

    def __init__(self, *args: Any, staff: Sequence[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        _set_choices(self.fields["assignee"], staff)


class EmailPreferenceForm(Form):
    email = forms.BooleanField(label="Email me my notifications as well", required=False)
