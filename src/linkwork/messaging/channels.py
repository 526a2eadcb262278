"""Which channel a message to a person goes by: the person's own contact preference, and only
if the record holds what that channel needs. Anything else is not sent, with the reason in
words (a message is never sent by a channel the person did not choose)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What each message is for, in words. Each purpose has a Notify template per channel.
PURPOSES: dict[str, str] = {
    "appointment_reminder": "Appointment reminder",
    "appointment_letter": "Appointment booked, moved or cancelled",
    "letter": "Letter from the link worker",
    "questionnaire_link": "Link to a questionnaire",
    "feedback_link": "Link to give feedback on the service",
}

# Personalisation values that open something by themselves (a one-use link): kept on the
# message only until it has gone or cannot go, then replaced by SPENT, so the database never
# holds a working link longer than the send takes.
ONE_USE_KEYS = frozenset({"link"})
SPENT = "(sent; not kept)"


def spent(personalisation: dict[str, object]) -> dict[str, object]:
    """The personalisation with its one-use values no longer kept."""
    return {k: (SPENT if k in ONE_USE_KEYS else v) for k, v in personalisation.items()}


_UK_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")


@dataclass(frozen=True, slots=True)
class Route:
    """Send by `channel` ("email", "sms", "letter") to `to`; or, with no channel, not at all,
    for `reason`."""

    channel: str
    to: str = ""
    reason: str = ""

    @property
    def sendable(self) -> bool:
        return self.channel != "none"


def compact_number(phone: str) -> str:
    return re.sub(r"[\s()-]", "", phone)


def is_uk_mobile(phone: str) -> bool:
    return bool(_UK_MOBILE.match(compact_number(phone)))


def route_for(*, preferred: str, email: str, phone: str, address: list[str]) -> Route:
    """The route a message takes to a person who prefers `preferred` (people.vocab's contact
    methods), given the contact details on their record."""
    if preferred == "email":
        if email.strip():
            return Route("email", email.strip())
        return Route("none", reason="They prefer email, but no email address is recorded.")
    if preferred == "text":
        if is_uk_mobile(phone):
            return Route("sms", compact_number(phone))
        return Route(
            "none", reason="They prefer text messages, but no UK mobile number is recorded."
        )
    if preferred == "letter":
        if len([line for line in address if line.strip()]) >= 2:
            return Route("letter", "\n".join(line.strip() for line in address if line.strip()))
        return Route(
            "none",
            reason="They prefer letters, but the record holds no postal address to send one to.",
        )
    if preferred == "phone":
        return Route(
            "none", reason="They prefer telephone calls: telephone them rather than message."
        )
    if preferred == "in_person":
        return Route("none", reason="They prefer contact in person only.")
    return Route("none", reason=f"Their contact preference ({preferred or 'none'}) is unknown.")
