"""Helpers every HTML view shares: errors beside the fields they concern, and the one shape of
a form that calls a service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from linkwork.core.errors import DomainError
from linkwork.core.submissions import FIELD, HEADER, AlreadySubmittedError, clean_key, run_once


def add_errors(form: forms.Form | Sequence[forms.Form], exc: DomainError) -> None:
    """Put a domain error's messages next to the fields they concern, on whichever of the
    page's forms holds each field, so the person sees what to change. Only when none of them
    is on any form does the error's own sentence go above the first form: a general line
    beside linked ones says nothing the links do not."""
    page_forms = [form] if isinstance(form, forms.Form) else list(form)
    placed = False
    for field_name, problems in exc.field_errors.items():
        owner = next((f for f in page_forms if field_name in f.fields), None)
        if owner is None:
            continue
        for problem in problems:
            owner.add_error(field_name, problem)
            placed = True
    if not placed:
        page_forms[0].add_error(None, exc.message)


def form_action(
    request: HttpRequest,
    *,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    success: str,
    redirect_to: str,
    on_invalid: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:
    """Parse, call one service, then redirect with a success message. When the form or the
    service refuses, the errors go beside the fields and `on_invalid` shows the page again."""
    if form.is_valid():
        try:
            run_once(
                key=submission_key(request),
                scope=submission_scope(request),
                action=lambda: action(form.cleaned_data),
            )
        except AlreadySubmittedError:
            messages.info(request, ALREADY_SAVED)
            return redirect(redirect_to)
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(redirect_to)
    return on_invalid(form)


ALREADY_SAVED = "This form was already sent and saved; it has not been saved twice."


def submit_once(request: HttpRequest, action: Callable[[], object]) -> bool:
    """Run a create for this form submission: True when it ran now, False when this very form
    was already saved (the caller then says ALREADY_SAVED instead of its success message)."""
    try:
        run_once(key=submission_key(request), scope=submission_scope(request), action=action)
    except AlreadySubmittedError:
        return False
    return True


def submission_key(request: HttpRequest) -> str | None:
    return clean_key(request.POST.get(FIELD) or request.headers.get(HEADER))


def submission_scope(request: HttpRequest) -> str:
    """Who sent it, to which form: keys from different people or forms never collide."""
    return f"{getattr(request.user, 'pk', 'anonymous')}:{request.path}"
