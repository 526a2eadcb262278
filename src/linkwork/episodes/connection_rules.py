"""Which statuses a connection can move to, and which of them its provider may record. Pure."""

from __future__ import annotations

from datetime import date

from linkwork.episodes.vocab import ConnectionStatus

# The same one-to-one FHIR Task codes as ConnectionStatus.
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

# A connection that can still move is live: a second one to the same service is refused.
LIVE_CONNECTION_STATUSES = frozenset(s for s, after in CONNECTION_TRANSITIONS.items() if after)

# What a VCSE worker may record for their side of it (the service declined, the person
# attended, the service stopped it), in the order the inbox offers them.
VCSE_UPDATES: tuple[str, ...] = (
    ConnectionStatus.ACCEPTED,
    ConnectionStatus.REJECTED,
    ConnectionStatus.IN_PROGRESS,
    ConnectionStatus.FAILED,
    ConnectionStatus.COMPLETED,
    ConnectionStatus.CANCELLED,
)


def provider_updates(status: str) -> list[tuple[str, str]]:
    """The updates a provider may record next, labelled as the stored status is shown."""
    allowed = CONNECTION_TRANSITIONS.get(status, frozenset())
    return [(code, ConnectionStatus(code).label) for code in VCSE_UPDATES if code in allowed]


def link_worker_updates(status: str) -> list[tuple[str, str]]:
    """What the link worker may set a connection to: where it is now, then the statuses it
    can move to, in the order the statuses are listed."""
    allowed = CONNECTION_TRANSITIONS.get(status, frozenset())
    return [
        (code, label)
        for code, label in ConnectionStatus.choices
        if code == status or code in allowed
    ]


# Statuses a connection can hold before its date: nothing has happened yet, whatever was set.
_NOT_YET_HAPPENED = frozenset(
    {
        ConnectionStatus.REQUESTED,
        ConnectionStatus.ACCEPTED,
        ConnectionStatus.IN_PROGRESS,
        ConnectionStatus.ON_HOLD,
    }
)


def connection_status_words(*, status: str, made_on: date | None, today: date) -> str:
    """The connection's status as a reader should take it: one whose date is still to come is
    planned, not "Attending", whatever was recorded ahead of it."""
    if made_on is not None and made_on > today and status in _NOT_YET_HAPPENED:
        return f"Planned, starting {made_on.day} {made_on:%B %Y}"
    return ConnectionStatus(status).label if status in ConnectionStatus else status
