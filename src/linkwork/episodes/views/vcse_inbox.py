"""The VCSE inbox: people connected to the organisation's services, and their replies."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.core.errors import DomainError
from linkwork.core.forms import Form
from linkwork.core.pagination import page_of
from linkwork.core.views import add_errors
from linkwork.episodes.connection_rules import VCSE_UPDATES
from linkwork.episodes.permissions import connection_get_for_vcse
from linkwork.episodes.selectors.vcse_inbox import connections_for_vcse, inbox_for
from linkwork.episodes.services.connections import connection_reply
from linkwork.episodes.vocab import ConnectionStatus

STATUS_LABEL = "Update for this person"
REASON_LABEL = "Reason (needed when declining or cancelling, e.g. no capacity)"


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


def _inbox_page(
    request: AppRequest,
    *,
    failed: ConnectionReplyForm | None = None,
    failed_id: uuid.UUID | None = None,
) -> HttpResponse:
    """The inbox; a refused update shows again on its own person's card, with what was chosen
    and typed kept, each error beside its box and in the summary above (400, as every form)."""
    page = page_of(request, connections_for_vcse(user=request.user))
    rows = inbox_for(user=request.user, connections=page.object_list)
    entries = [(row, failed if row.connection.pk == failed_id else None) for row in rows]
    return render(
        request,
        "episodes/vcse_inbox.html",
        {
            "entries": entries,
            "rows": rows,
            "page": page,
            "reason_label": REASON_LABEL,
            "failed": failed,
        },
        status=200 if failed is None else 400,
    )


@require_GET
@login_required
def inbox(request: AppRequest) -> HttpResponse:
    _require_vcse(request)
    return _inbox_page(request)


@require_POST
@login_required
def reply(request: AppRequest, connection_id: uuid.UUID) -> HttpResponse:
    _require_vcse(request)
    connection = connection_get_for_vcse(user=request.user, connection_id=connection_id)
    # Ids carry the connection, as every card on the page has the same two boxes.
    form = ConnectionReplyForm(request.POST, auto_id=f"%s-{connection.pk}")
    if form.is_valid():
        try:
            connection_reply(
                connection=connection,
                actor=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            status = ConnectionStatus(form.cleaned_data["status"])
            messages.success(request, f"Saved: {status.label}.")
            # Back to the page of the inbox the reply was sent from.
            number = request.GET.get("page", "")
            query = f"?page={number}" if number.isdigit() else ""
            return redirect(reverse("episodes:vcse_inbox") + query)
    return _inbox_page(request, failed=form, failed_id=connection.pk)
