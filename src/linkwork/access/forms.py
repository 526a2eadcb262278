"""Parsing the grant and emergency-access forms; the rules themselves are in services."""

from __future__ import annotations

from django import forms
from django.conf import settings

from linkwork.accounts.models import User
from linkwork.accounts.roles import GUARDED_ROLES, Role
from linkwork.organisations.models import Organisation, Scheme


class UserChoiceField(forms.ModelChoiceField):
    """Names alone are not unique: each option shows the username and the roles held now, so
    the administrator can tell two people with the same name apart."""

    def label_from_instance(self, obj: User) -> str:
        roles = sorted({m.get_role_display() for m in obj.memberships.all() if m.ended_on is None})
        held = ", ".join(roles) if roles else "no role yet"
        name = obj.get_full_name()
        who = f"{name} ({obj.username})" if name else obj.username
        return f"{who} - {held}"


class GrantRequestForm(forms.Form):
    user = UserChoiceField(
        queryset=User.objects.filter(is_active=True)
        .prefetch_related("memberships")
        .order_by("last_name", "first_name", "username"),
        label="Person to give the role to",
        empty_label="Choose a person",
        help_text="Each person is shown with their username and the roles they hold now.",
        error_messages={"required": "Choose the person to give the role to."},
    )
    role = forms.ChoiceField(
        choices=[(r.value, r.label) for r in Role if r in GUARDED_ROLES],
        error_messages={"required": "Choose the role."},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation they act for."},
    )
    scheme = forms.ModelChoiceField(
        queryset=Scheme.objects.order_by("name"),
        required=False,
        empty_label="No scheme (for roles outside a scheme)",
        help_text="For link workers and scheme managers.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason this person needs the role."},
    )


class DecisionForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BreakGlassForm(forms.Form):
    scheme = forms.ModelChoiceField(
        queryset=Scheme.objects.order_by("name"),
        empty_label="Choose a scheme",
        error_messages={"required": "Choose the scheme whose records you need."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason you need emergency access."},
    )
    hours = forms.IntegerField(
        min_value=1,
        initial=1,
        error_messages={"required": "Enter how many hours you need, for example 1."},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        limit = settings.LINKWORK_BREAK_GLASS_MAX_HOURS
        hours = self.fields["hours"]
        assert isinstance(hours, forms.IntegerField)
        hours.max_value = limit
        hours.help_text = f"At most {limit}. Access ends by itself after this."
        hours.widget.attrs["max"] = limit
