"""The VCSE inbox: people connected to the organisation's services, and their replies."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.core.errors import DomainError
from linkwork.core.forms import Form
from linkwork.episodes.connection_rules import VCSE_UPDATES
from linkwork.episodes.permissions import connection_get_for_vcse
from linkwork.episodes.selectors.vcse_inbox import inbox_for
from linkwork.episodes.services.connections import connection_reply
from linkwork.episodes.vocab import ConnectionStatus

STATUS_LABEL = "Update for this person"
REASON_LABEL = "Reason (needed when declining, e.g. no capacity)"


class ConnectionReplyForm(Form):
    # The first option is empty, so pressing Save without choosing changes nothing.
    status = forms.ChoiceField(
        label=STATUS_LABEL,
        choices=[("", "Choose an update")]
        + [(code, ConnectionStatus(code).label) for code in VCSE_UPDATES],
        error_messages={
            "required": f"Choose an update in “{STATUS_LABEL}”, then press Save: "
            "nothing was changed.",
            "invalid_choice": f"Choose one of the updates listed in “{STATUS_LABEL}”: "
            "nothing was changed.",
        },
    )
    reason = forms.CharField(label=REASON_LABEL, required=False, max_length=200)


def _require_vcse(request: AppRequest) -> None:
    if not scope_for(request.user).vcse_organisations:
        raise PermissionDenied("The inbox is for VCSE organisations' staff.")


@require_GET
@login_required
def inbox(request: AppRequest) -> HttpResponse:
    _require_vcse(request)
    return render(
        request,
        "episodes/vcse_inbox.html",
        {"rows": inbox_for(user=request.user), "reason_label": REASON_LABEL},
    )


@require_POST
@login_required
def reply(request: AppRequest, connection_id: uuid.UUID) -> HttpResponse:
    _require_vcse(request)
    connection = connection_get_for_vcse(user=request.user, connection_id=connection_id)
    form = ConnectionReplyForm(request.POST)
    if form.is_valid():
        try:
            connection_reply(
                connection=connection,
                actor=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            status = ConnectionStatus(form.cleaned_data["status"])
            messages.success(request, f"Saved: {status.label}.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("episodes:vcse_inbox")
