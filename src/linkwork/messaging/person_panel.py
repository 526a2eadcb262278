"""The messages sent (or not) to a person, on their record page."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.core.extensions import Panel
from linkwork.messaging.selectors import person_messages
from linkwork.people.models import Person


def person_messages_panel(person: Person, user: User) -> Panel | None:
    messages = person_messages(person=person)
    if not messages:
        return None
    return Panel("messaging/_person_messages.html", {"sent_messages": messages})
