"""Safeguarding pages: a contact note, a concern recorded (from a prompt or not), a prompt
dismissed, the open concerns, and one concern with its history. Thin: each write is one
service call, and every page is reached through a fetch that authorises and audits."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.audit.services import audit_record_list
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.pagination import page_of
from linkwork.core.views import ALREADY_SAVED, add_errors, submit_once
from linkwork.episodes.models import Referral
from linkwork.episodes.permissions import referral_get_for_user
from linkwork.safeguarding.forms import (
    ConcernCloseForm,
    ConcernForm,
    ConcernUpdateForm,
    ContactNoteForm,
    PromptDismissForm,
)
from linkwork.safeguarding.models import Concern
from linkwork.safeguarding.permissions import concern_get_for_user, sees_concerns
from linkwork.safeguarding.selectors import (
    alert_of,
    concern_history,
    open_concerns_for,
    prompt_for,
)
from linkwork.safeguarding.services import (
    concern_close,
    concern_open,
    concern_update,
    contact_note_record,
    prompt_dismiss,
)
from linkwork.safeguarding.vocab import PromptSource


def _episode(referral: Referral, anchor: str) -> str:
    return reverse("episodes:referral_detail", args=[referral.pk]) + f"#{anchor}"


def _saved(
    request: AppRequest, form: forms.Form, action: Callable[[], object], success: str
) -> bool:
    """Run the write once for this submission; say so, or put its refusal beside the fields."""
    try:
        ran = submit_once(request, action)
    except DomainError as exc:
        add_errors(form, exc)
        return False
    if ran:
        messages.success(request, success)
    else:
        messages.info(request, ALREADY_SAVED)
    return True


def _form_page(request: AppRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form's page: 400 when it comes back with what was sent, so errors are never a 200."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@login_required
def contact_note_new(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    form = ContactNoteForm(request.POST or None, initial={"contacted_on": clock.today()})
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            lambda: contact_note_record(referral=referral, actor=request.user, **form.cleaned_data),
            "Contact note saved.",
        )
    ):
        return redirect(_episode(referral, "contact-notes"))
    return _form_page(
        request, "safeguarding/contact_note_new.html", {"referral": referral, "form": form}
    )


@require_http_methods(["GET", "POST"])
@login_required
def concern_new(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    """Record a concern; from a prompt (?source=, ?alert=) the form is prefilled and the
    concern links back to what prompted it."""
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    prompt = prompt_for(
        referral=referral,
        source=request.GET.get("source", ""),
        alert_id=_uuid(request.GET.get("alert")),
    )
    initial: dict[str, Any] = {}
    if prompt is not None:
        initial = {
            "category": prompt.category,
            "risk_alert": prompt.alert_id,
            "from_referral_risk": prompt.source == PromptSource.REFERRAL_RISK,
        }
    form = ConcernForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        alert_id = data.pop("risk_alert")
        alert = alert_of(referral=referral, alert_id=alert_id)
        if alert_id is not None and alert is None:
            form.add_error(None, "That risk alert is not one of this episode's: start again.")
        elif _saved(
            request,
            form,
            lambda: concern_open(referral=referral, actor=request.user, risk_alert=alert, **data),
            "Safeguarding concern recorded.",
        ):
            return redirect(_episode(referral, "safeguarding"))
    return _form_page(
        request,
        "safeguarding/concern_new.html",
        {"referral": referral, "form": form, "prompt": prompt},
    )


@require_http_methods(["GET", "POST"])
@login_required
def prompt_dismiss_view(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral, _ = referral_get_for_user(user=request.user, referral_id=referral_id, write=True)
    params = request.POST if request.method == "POST" else request.GET
    source, alert_id = params.get("source", ""), _uuid(params.get("risk_alert"))
    prompt = prompt_for(referral=referral, source=source, alert_id=alert_id)
    if prompt is None:
        messages.info(request, "That prompt has already been acted on or dismissed.")
        return redirect(_episode(referral, "safeguarding"))
    form = PromptDismissForm(
        request.POST or None, initial={"source": source, "risk_alert": alert_id}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            lambda: prompt_dismiss(
                referral=referral,
                actor=request.user,
                source=source,
                risk_alert=prompt.alert,
                reason=form.cleaned_data["reason"],
            ),
            "Prompt dismissed; the reason is on the timeline.",
        )
    ):
        return redirect(_episode(referral, "safeguarding"))
    return _form_page(
        request,
        "safeguarding/prompt_dismiss.html",
        {"referral": referral, "form": form, "prompt": prompt},
    )


@require_GET
@login_required
def concern_list(request: AppRequest) -> HttpResponse:
    if not sees_concerns(request.user):
        raise Http404("No such page.")
    page = page_of(request, open_concerns_for(user=request.user))
    audit_record_list(
        actor=request.user,
        object_type="safeguarding_concerns",
        rows=[(c.person_id, c.scheme_id) for c in page],
        detail={"list": "open", "page": page.number},
    )
    return render(
        request, "safeguarding/concern_list.html", {"concerns": page, "today": clock.today()}
    )


def _detail(
    request: AppRequest, concern: Concern, status: int = 200, **forms_: forms.Form
) -> HttpResponse:
    context: dict[str, Any] = {
        "concern": concern,
        "history": concern_history(concern=concern),
        "today": clock.today(),
        "update_form": ConcernUpdateForm(
            initial={"status": concern.status, "review_on": concern.review_on}
        ),
        "close_form": ConcernCloseForm(),
    }
    context.update(forms_)
    context["failed"] = next((f for f in forms_.values() if f.errors), None)
    return render(request, "safeguarding/concern_detail.html", context, status=status)


@require_GET
@login_required
def concern_detail(request: AppRequest, concern_id: uuid.UUID) -> HttpResponse:
    return _detail(request, concern_get_for_user(user=request.user, concern_id=concern_id))


def _concern_write(
    request: AppRequest,
    concern_id: uuid.UUID,
    form_name: str,
    form: forms.Form,
    action: Callable[[Concern, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """A change made on the concern's page: back to it, or shown again with the errors."""
    concern = concern_get_for_user(user=request.user, concern_id=concern_id)
    if form.is_valid() and _saved(
        request, form, lambda: action(concern, form.cleaned_data), success
    ):
        return redirect("safeguarding:concern", concern_id=concern.pk)
    return _detail(request, concern, status=400, **{form_name: form})


@require_POST
@login_required
def concern_update_view(request: AppRequest, concern_id: uuid.UUID) -> HttpResponse:
    return _concern_write(
        request,
        concern_id,
        "update_form",
        ConcernUpdateForm(request.POST),
        lambda c, data: concern_update(concern=c, actor=request.user, **data),
        "Concern updated.",
    )


@require_POST
@login_required
def concern_close_view(request: AppRequest, concern_id: uuid.UUID) -> HttpResponse:
    return _concern_write(
        request,
        concern_id,
        "close_form",
        ConcernCloseForm(request.POST),
        lambda c, data: concern_close(concern=c, actor=request.user, note=data["note"]),
        "Concern closed.",
    )
