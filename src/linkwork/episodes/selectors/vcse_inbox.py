"""The VCSE side of closed-loop connections: each provider sees only the people connected to
its own services, and only what each person consented to share with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record_list
from linkwork.core.needs import Need
from linkwork.episodes.models import Connection
from linkwork.episodes.vocab import ConnectionStatus

OPEN_CONNECTION_STATUSES = (
    ConnectionStatus.REQUESTED,
    ConnectionStatus.ACCEPTED,
    ConnectionStatus.ON_HOLD,
)


# What a VCSE worker may record, in the words they use for their side of it (the service
# declined, the person attended), each one a connection status.
VCSE_UPDATES: dict[str, str] = {
    ConnectionStatus.ACCEPTED: "Accepted",
    ConnectionStatus.REJECTED: "Declined",
    ConnectionStatus.IN_PROGRESS: "Attended",
    ConnectionStatus.FAILED: "Did not attend",
    ConnectionStatus.COMPLETED: "Completed",
}


def follow_up_days() -> int:
    return int(getattr(settings, "LINKWORK_CONNECTION_FOLLOW_UP_DAYS", 14))


def needs_follow_up(connection: Connection, today: date) -> bool:
    """An open connection nobody has updated for a while: the link worker should check."""
    return connection.status in OPEN_CONNECTION_STATUSES and (
        connection.status_changed_at.date() < today - timedelta(days=follow_up_days())
    )


def connections_for_vcse(*, user: User) -> QuerySet[Connection]:
    providers = scope_for(user).vcse_organisations
    return (
        Connection.objects.filter(service__organization__registry_organisation_id__in=providers)
        .select_related("person", "referral", "service", "scheme")
        .order_by("-made_on", "-created_at")
    )


@dataclass(frozen=True)
class InboxRow:
    connection: Connection
    name: str | None
    contact: str | None
    reason: str | None

    @property
    def shared_nothing(self) -> bool:
        return self.name is None and self.contact is None and self.reason is None


def inbox_row(connection: Connection) -> InboxRow:
    """The minimum a provider needs, and only what the person agreed to share."""
    shared = set(connection.shared_fields)
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
        reason = labels.get(connection.need, "") or ", ".join(
            labels.get(code, code) for code in connection.referral.reasons
        )
    return InboxRow(
        connection=connection,
        name=person.full_name if "name" in shared else None,
        contact=contact,
        reason=reason,
    )


def inbox_for(*, user: User) -> list[InboxRow]:
    connections = list(connections_for_vcse(user=user)[:200])
    audit_record_list(
        actor=user,
        object_type="vcse_inbox",
        rows=[(c.person_id, c.scheme_id) for c in connections if c.shared_fields],
    )
    return [inbox_row(c) for c in connections]
