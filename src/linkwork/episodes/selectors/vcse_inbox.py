"""The VCSE side of closed-loop connections: each provider sees only the people connected to
its own services, and only what each person consented to share with it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core.needs import Need
from linkwork.episodes.connection_rules import provider_updates
from linkwork.episodes.models import Connection
from linkwork.episodes.selectors.connections import Sharing, sharing_with
from linkwork.episodes.vocab import ConnectionStatus

OPEN_CONNECTION_STATUSES = (
    ConnectionStatus.REQUESTED,
    ConnectionStatus.ACCEPTED,
    ConnectionStatus.ON_HOLD,
)


def follow_up_days() -> int:
    return int(getattr(settings, "LINKWORK_CONNECTION_FOLLOW_UP_DAYS", 14))


def needs_follow_up(connection: Connection, today: date) -> bool:
    """An open connection nobody has updated for a while: the link worker should check. One
    whose date is still to come has had no chance to be news yet."""
    return (
        connection.status in OPEN_CONNECTION_STATUSES
        and connection.made_on <= today
        and connection.status_changed_at.date() < today - timedelta(days=follow_up_days())
    )


def follow_up_due(today: date) -> Q:
    """`needs_follow_up` as a filter, so a list of them is paged in the database. The
    change is compared in UTC, as `status_changed_at.date()` reads a stored time."""
    cutoff = datetime.combine(today - timedelta(days=follow_up_days()), time.min, tzinfo=UTC)
    return Q(status__in=OPEN_CONNECTION_STATUSES, made_on__lte=today, status_changed_at__lt=cutoff)


def connections_for_vcse(*, user: User) -> QuerySet[Connection]:
    providers = scope_for(user).vcse_organisations
    return (
        Connection.objects.filter(service__organization__registry_organisation_id__in=providers)
        .filter(person__restricted=False)
        .select_related("person", "referral", "service__organization", "scheme")
        .order_by("-made_on", "-created_at")
    )


@dataclass(frozen=True)
class InboxRow:
    connection: Connection
    name: str | None
    contact: str | None
    reason: str | None
    # The person withdrew consent to share with the provider: it sees and does nothing more.
    withdrawn: bool = False
    updates: list[tuple[str, str]] = field(default_factory=list)

    @property
    def shared_nothing(self) -> bool:
        return self.name is None and self.contact is None and self.reason is None


def _provider_id(connection: Connection) -> uuid.UUID | None:
    service = connection.service
    if service is None or service.organization is None:
        return None
    return service.organization.registry_organisation_id


def inbox_row(connection: Connection, sharing: Sharing) -> InboxRow:
    """The minimum a provider needs, and only what the person agrees to share now."""
    if sharing.withdrawn:
        return InboxRow(connection=connection, name=None, contact=None, reason=None, withdrawn=True)
    shared = set(sharing.fields)
    person = connection.person
    contact = None
    if "contact" in shared:
        contact = " · ".join(
            part
            for part in (person.phone, person.email, person.get_preferred_contact_display())
            if part
        )
    reason = None
    if "reason" in shared:
        labels = dict(Need.choices)
        # Need labels hold commas ("Debt, benefits or money"), so they are set apart by "; ".
        reason = labels.get(connection.need, "") or "; ".join(
            labels.get(code, code) for code in connection.referral.reasons
        )
    return InboxRow(
        connection=connection,
        name=person.full_name if "name" in shared else None,
        contact=contact,
        reason=reason,
        updates=provider_updates(connection.status),
    )


def inbox_for(*, user: User, connections: Iterable[Connection] | None = None) -> list[InboxRow]:
    """The inbox's rows for `connections` (one page of `connections_for_vcse`; all of them
    when not given), audited as shown."""
    if connections is None:
        connections = connections_for_vcse(user=user)
    pairs = [(c, c.person_id, _provider_id(c)) for c in connections]
    sharing = sharing_with(pairs=[(person, provider) for _, person, provider in pairs])
    rows = [
        inbox_row(c, sharing.get((person, provider), Sharing()) if provider else Sharing())
        for c, person, provider in pairs
    ]
    audit_record_list(
        actor=user,
        object_type="vcse_inbox",
        rows=[
            (r.connection.person_id, r.connection.scheme_id) for r in rows if not r.shared_nothing
        ],
    )
    return rows
