"""Casework writes: encounters under the session cap, the support plan, connections,
financial gains, discharge with its end-of-episode summary, and caseload handover."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.core.needs import Need
from linkwork.directory.models import Service
from linkwork.episodes import events
from linkwork.episodes.connection_rules import (
    CONNECTION_TRANSITIONS,
    LIVE_CONNECTION_STATUSES,
    VCSE_UPDATES,
)
from linkwork.episodes.models import Connection, Referral
from linkwork.episodes.selectors.connections import sharing_with
from linkwork.episodes.services.lifecycle import require_open
from linkwork.episodes.vocab import (
    ConnectionKind,
    ConnectionStatus,
    ConnectionTarget,
    SharedDetail,
)
from linkwork.organisations.models import Organisation
from linkwork.people.models import Consent
from linkwork.people.services import consent_record


@transaction.atomic
def connection_create(
    *,
    referral: Referral,
    actor: User,
    kind: str,
    target: str = ConnectionTarget.UNLISTED_SERVICE,
    service_name: str = "",
    need: str = "",
    made_on: date | None = None,
    service: Service | None = None,
    consent: bool | None = None,
    shared: Sequence[str] = (),
) -> Connection:
    """Connect the person to a service: a listed one (`service`), whose provider sees the
    connection in its inbox, or one that is not listed, which only the link worker records.

    A listed provider that uses linkwork sees only what the person agrees to share with it, so
    the person is asked then and there: `consent` (and `shared`, what they agree to) is recorded
    as their consent to share with that organisation."""
    require_open(referral)
    if service is not None:
        target, service_name = ConnectionTarget.DIRECTORY_SERVICE, service.name
    problems: dict[str, list[str]] = {}
    if kind not in ConnectionKind:
        problems["kind"] = ["Choose signposting, referral or an accompanied first visit."]
    if target == ConnectionTarget.DIRECTORY_SERVICE and service is None:
        # A typed name would look like a listed service that never hears of the person.
        problems["target"] = [
            "Connect a listed service from the suggested services; for one that is "
            f"not listed, choose '{ConnectionTarget.UNLISTED_SERVICE.label}'."
        ]
    elif target not in ConnectionTarget:
        problems["target"] = ["Choose the kind of service."]
    if not service_name.strip():
        problems["service_name"] = ["Name the service."]
    if need and need not in Need:
        problems["need"] = ["Choose a need from the list."]
    provider = _provider(service)
    if service is not None:
        problems.update(_service_problems(referral, service))
    if provider is not None:
        problems.update(_consent_problems(provider, consent, shared))
    day = made_on or clock.today()
    if day > clock.today():
        problems["made_on"] = ["The date cannot be in the future."]
    if problems:
        raise DomainError("Check the connection.", code="connection_invalid", field_errors=problems)
    agreed = None
    if provider is not None:
        agreed = consent_record(
            person=referral.person,
            actor=actor,
            kind=Consent.Kind.SHARE_WITH_VCSE,
            given=bool(consent),
            recorded_on=clock.today(),
            organisation=provider,
            shared_fields=list(shared) if consent else [],
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
        shared_fields=list(agreed.shared_fields) if agreed and agreed.given else [],
        made_by=actor,
    )
    events.connection_made(connection=connection, actor=actor, consent=agreed)
    return connection


def _provider(service: Service | None) -> Organisation | None:
    """The organisation whose staff see connections to the service, if it uses linkwork."""
    if service is None or service.organization is None:
        return None
    return service.organization.registry_organisation


def _service_problems(referral: Referral, service: Service) -> dict[str, list[str]]:
    if service.capacity in {Service.Capacity.CLOSED, Service.Capacity.PAUSED}:
        state = "closed" if service.capacity == Service.Capacity.CLOSED else "paused"
        return {"service": [f"{service.name} is {state} to new people."]}
    live = referral.connections.filter(service=service, status__in=LIVE_CONNECTION_STATUSES)
    if live.exists():
        return {
            "service": [
                f"The person is already connected to {service.name}; "
                "update that connection instead."
            ]
        }
    return {}


def _consent_problems(
    provider: Organisation, consent: bool | None, shared: Sequence[str]
) -> dict[str, list[str]]:
    if consent is None:
        return {
            "consent": [
                f"Ask whether the person agrees to share their details with {provider.name}."
            ]
        }
    if consent and not shared:
        return {"shared": [f"Choose what the person agrees to share with {provider.name}."]}
    if set(shared) - set(SharedDetail.values):
        return {"shared": ["Only name, contact details and the reason can be shared."]}
    return {}


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
            field_errors={"reason": ["Enter why the service declined, for example no capacity."]},
        )
    connection.status, connection.status_reason = status, reason.strip()
    connection.status_changed_at = timezone.now()
    if status == "in-progress" and connection.first_attended_on is None:
        connection.first_attended_on = on or clock.today()
    connection.save()
    events.connection_status_changed(connection=connection, actor=actor)
    return connection


@transaction.atomic
def connection_reply(
    *, connection: Connection, actor: User, status: str, reason: str = ""
) -> Connection:
    """The provider's update on a connection to one of its services. Once the person has
    withdrawn consent to share with the provider, it can no longer act on the connection."""
    if status not in VCSE_UPDATES:
        raise DomainError(
            "Choose an update the service can record.",
            code="connection_status",
            field_errors={"status": ["Choose an update."]},
        )
    # A provider stopping a connection says why, so the link worker can follow it up (checked
    # only where it could be cancelled: elsewhere the transition's own refusal says more).
    allowed = CONNECTION_TRANSITIONS.get(connection.status, frozenset())
    if status == ConnectionStatus.CANCELLED and status in allowed and not reason.strip():
        raise DomainError(
            "Say why the service cancelled (for example, the group has closed).",
            code="connection_reason",
            field_errors={
                "reason": ["Enter why the service cancelled, for example the group has closed."]
            },
        )
    provider = _provider(connection.service)
    if provider is not None:
        key = (connection.person_id, provider.pk)
        sharing = sharing_with(pairs=[key]).get(key)
        if sharing is not None and sharing.withdrawn:
            raise DomainError(
                "The person withdrew consent to share with your organisation; "
                "the link worker will follow up.",
                code="consent_withdrawn",
            )
    return connection_set_status(connection=connection, actor=actor, status=status, reason=reason)
