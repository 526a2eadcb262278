"""Helpers the workforce views share."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages

from linkwork.accounts.http import AppRequest
from linkwork.core.errors import DomainError
from linkwork.core.views import ALREADY_SAVED, submit_once


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the fields it names, or above the form."""
    for field, problems in exc.field_errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)
    if not exc.field_errors:
        form.add_error(None, exc.message)


def save_form(
    request: AppRequest, form: forms.Form, call: Callable[[], object], success: str
) -> bool:
    """The one shape of every form here: valid input, one service call run once per
    submission, a message. False leaves the errors on the form for the page to show again."""
    if not form.is_valid():
        return False
    try:
        first = submit_once(request, call)
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    messages.success(request, success if first else ALREADY_SAVED)
    return True
