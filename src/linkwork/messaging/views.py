"""The scheme manager's list of end-of-episode summaries that have not reached their practice
by MESH, with a button to send each again."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linkwork.accounts.http import AppRequest
from linkwork.accounts.scope import scope_for
from linkwork.core.errors import DomainError
from linkwork.messaging.mesh_transport import mesh_enabled
from linkwork.messaging.selectors import mesh_attention_for, mesh_message_for_manager
from linkwork.messaging.services import mesh_retry


@login_required
def mesh_sends(request: AppRequest) -> HttpResponse:
    if not scope_for(request.user).managed_schemes:
        raise PermissionDenied("Only scheme managers see the summaries sent to practices.")
    return render(
        request,
        "messaging/mesh_sends.html",
        {"rows": list(mesh_attention_for(user=request.user)[:200]), "enabled": mesh_enabled()},
    )


@require_POST
@login_required
def mesh_send_again(request: AppRequest, mesh_message_id: uuid.UUID) -> HttpResponse:
    row = mesh_message_for_manager(user=request.user, mesh_message_id=mesh_message_id)
    if row is None:
        raise Http404("No such MESH message among your schemes'.")
    try:
        row = mesh_retry(mesh_message=row, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{row.filename}: {row.get_status_display().lower()}.")
    return redirect("messaging:mesh_sends")
