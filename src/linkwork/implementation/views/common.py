"""Helpers the implementation views share."""

from __future__ import annotations

from django import forms

from linkwork.accounts.http import AppRequest
from linkwork.core.errors import DomainError
from linkwork.implementation.assessment import default_period
from linkwork.implementation.forms import PeriodForm
from linkwork.implementation.periods import Period


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the fields it names, or above the form."""
    for field, messages in exc.field_errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
    if not exc.field_errors:
        form.add_error(None, exc.message)


def period_from(request: AppRequest) -> tuple[PeriodForm, Period]:
    """The period asked for in ?period=, or the default when absent or malformed (the form
    then carries the error to show)."""
    default = default_period()
    form = PeriodForm(request.GET or None, initial={"period": default.label})
    chosen = form.cleaned_data.get("period") if form.is_valid() else None
    return form, chosen or default
