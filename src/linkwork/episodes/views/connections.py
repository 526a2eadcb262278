"""Casework actions on the referral page, discharge with its summary, and handover."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from linkwork.accounts.http import AppRequest
from linkwork.directory.selectors import service_get
from linkwork.episodes.forms import (
    ConnectionForm,
    ConnectionStatusForm,
    ServiceConnectionForm,
)
from linkwork.episodes.models import Referral
from linkwork.episodes.selectors.episode import connection_of_episode
from linkwork.episodes.services.connections import connection_create, connection_set_status
from linkwork.episodes.views.episode_page import act


@require_POST
@login_required
def connection_add(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    return act(
        request,
        referral_id,
        "connection_form",
        lambda r: ConnectionForm(request.POST),
        lambda r, d: connection_create(referral=r, actor=request.user, **d),
        "Connection recorded.",
    )


@require_POST
@login_required
def connection_to_service(request: AppRequest, referral_id: uuid.UUID) -> HttpResponse:
    def connect(referral: Referral, data: dict[str, Any]) -> object:
        service = service_get(service_id=uuid.UUID(str(data["service"])))
        return connection_create(
            referral=referral,
            actor=request.user,
            kind=str(data["kind"]),
            need=str(data["need"]),
            service=service,
            consent=data["consent"],
            shared=data["shared"],
        )

    return act(
        request,
        referral_id,
        "service_connection_form",
        lambda r: ServiceConnectionForm(request.POST),
        connect,
        "Connected; the service will tell you how it goes.",
    )


@require_POST
@login_required
def connection_status_view(
    request: AppRequest, referral_id: uuid.UUID, connection_id: uuid.UUID
) -> HttpResponse:
    def change(referral: Referral, data: dict[str, str]) -> object:
        connection = connection_of_episode(referral=referral, connection_id=connection_id)
        return connection_set_status(
            connection=connection, actor=request.user, status=data["status"], reason=data["reason"]
        )

    return act(
        request,
        referral_id,
        "connection_status_form",
        lambda r: ConnectionStatusForm(request.POST),
        change,
        "Connection updated.",
    )
