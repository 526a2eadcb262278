"""A practice's resources for the programme: funds and protected staff time."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.organisations.models import Organisation
from linkwork.workforce.forms import FundForm, ProtectedTimeForm
from linkwork.workforce.permissions import practice_get_for_manager
from linkwork.workforce.selectors import practice_resources
from linkwork.workforce.services import fund_record, protected_time_record
from linkwork.workforce.views.common import save_form


def _page(
    request: AppRequest, practice: Organisation, forms: dict[str, Any] | None = None
) -> HttpResponse:
    bound = forms or {}
    return render(
        request,
        "workforce/practice_resources.html",
        {
            "practice": practice,
            "resources": practice_resources(practice=practice),
            "fund_form": bound.get("fund") or FundForm(practice=practice),
            "time_form": bound.get("time") or ProtectedTimeForm(practice=practice),
        },
        status=400 if bound else 200,
    )


@require_GET
@login_required
def practice_resources_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _page(request, practice_get_for_manager(user=request.user, practice_id=pk))


def _practice_write(
    request: AppRequest,
    pk: uuid.UUID,
    key: str,
    form_class: type[FundForm | ProtectedTimeForm],
    write: Callable[..., object],
    success: str,
) -> HttpResponse:
    """The one shape of both forms: a manager's POST, one service call, then back to the
    page (or the page again with the errors by the form)."""
    practice = practice_get_for_manager(user=request.user, practice_id=pk)
    form = form_class(request.POST, practice=practice)
    if save_form(
        request,
        form,
        lambda: write(actor=request.user, practice=practice, **form.cleaned_data),
        success,
    ):
        return redirect("workforce:practice_resources", pk=practice.pk)
    return _page(request, practice, {key: form})


@require_POST
@login_required
def fund_add_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _practice_write(request, pk, "fund", FundForm, fund_record, "The fund was recorded.")


@require_POST
@login_required
def protected_time_add_view(request: AppRequest, pk: uuid.UUID) -> HttpResponse:
    return _practice_write(
        request,
        pk,
        "time",
        ProtectedTimeForm,
        protected_time_record,
        "The protected time was recorded.",
    )
