"""Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.needs import Need
from linkwork.directory.models import Service
from linkwork.episodes import events
from linkwork.episodes.models import Connection, Referral
from linkwork.episodes.selectors.connections import consented_fields
from linkwork.episodes.services.lifecycle import require_open
from linkwork.episodes.vocab import ConnectionKind, ConnectionStatus, ConnectionTarget

# Which statuses a connection can move to; the same one-to-one FHIR Task codes.
CONNECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    "requested": frozenset({"accepted", "rejected", "cancelled", "in-progress", "failed"}),
    "accepted": frozenset({"in-progress", "failed", "cancelled", "on-hold"}),
    "in-progress": frozenset({"completed", "on-hold", "cancelled"}),
    "on-hold": frozenset({"in-progress", "cancelled", "completed"}),
    "failed": frozenset({"in-progress"}),
    "rejected": frozenset(),
    "completed": frozenset(),
    "cancelled": frozenset(),
}


@transaction.atomic
def connection_create(
    *,
    referral: Referral,
    actor: User,
    kind: str,
    target: str = "directory_service",
    service_name: str = "",
    need: str = "",
    made_on: date | None = None,
    service: Service | None = None,
) -> Connection:
    """Connect the person to a service. With a directory service, its provider sees only what
    the person consented to share with it."""
    require_open(referral)
    if service is not None:
        target, service_name = "directory_service", service.name
    problems: dict[str, list[str]] = {}
    if kind not in ConnectionKind:
        problems["kind"] = ["Choose signposting, referral or an accompanied first visit."]
    if target not in ConnectionTarget:
        problems["target"] = ["Choose the kind of service."]
    if not service_name.strip():
        problems["service_name"] = ["Name the service."]
    if need and need not in Need:
        problems["need"] = ["Choose a need from the list."]
    if service is not None and service.capacity in {
        Service.Capacity.CLOSED,
        Service.Capacity.PAUSED,
    }:
        state = "closed" if service.capacity == Service.Capacity.CLOSED else "paused"
        problems["service"] = [f"{service.name} is {state} to new people."]
    day = made_on or clock.today()
    if day > clock.today():
        problems["made_on"] = ["The date cannot be in the future."]
    if problems:
        raise DomainError("Check the connection.", code="connection_invalid", field_errors=problems)
    provider = (
        service.organization.registry_organisation_id
        if service is not None and service.organization is not None
        else None
    )
    connection = Connection.objects.create(
        scheme_id=referral.scheme_id,
        person_id=referral.person_id,
        referral=referral,
        kind=kind,
        target=target,
        service=service,
        service_name=service_name.strip(),
        need=need,
        status="requested",
        status_changed_at=timezone.now(),
        made_on=day,
        shared_fields=consented_fields(person_id=referral.person_id, provider_id=provider),
        made_by=actor,
    )
    events.connection_made(connection=connection, actor=actor)
    return connection


@transaction.atomic
def connection_set_status(
    *,
    connection: Connection,
    actor: User,
    status: str,
    reason: str = "",
    on: date | None = None,
) -> Connection:
    if status not in ConnectionStatus:
        raise DomainError(f"Unknown connection status {status!r}.", code="connection_status")
    if status not in CONNECTION_TRANSITIONS[connection.status]:
        raise DomainError(
            f"A connection that is {ConnectionStatus(connection.status).label.lower()} cannot "
            f"become {ConnectionStatus(status).label.lower()}.",
            code="connection_transition",
        )
    if status == "rejected" and not reason.strip():
        raise DomainError(
            "Say why the service declined (for example, no capacity).",
            code="connection_reason",
            field_errors={"reason": ["Give the reason."]},
        )
    connection.status, connection.status_reason = status, reason.strip()
    connection.status_changed_at = timezone.now()
    if status == "in-progress" and connection.first_attended_on is None:
        connection.first_attended_on = on or clock.today()
    connection.save()
    events.connection_status_changed(connection=connection, actor=actor)
    return connection
