"""What the diary adds to the pages of the episode of support (see core.extensions)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.extensions import NextContact, Panel
from linkwork.diary.selectors import episode_diary, upcoming_booked
from linkwork.diary.selectors import next_contacts as next_contacts_of
from linkwork.diary.services import appointment_cancel
from linkwork.episodes.lifecycle import OPEN_STATUSES, TRANSITIONS, Status
from linkwork.episodes.models import Referral


def diary_episode_panel(referral: Referral, user: User) -> Panel:
    """The episode's appointments and the button to book one; after the scheme's number of
    missed contacts in a row, the offer to close the episode as did not engage (the
    lifecycle's own closing status, through its own action)."""
    status = Status(referral.status)
    now = clock.now()
    return Panel(
        "diary/_episode_panel.html",
        {
            "now": now,
            "diary": episode_diary(referral=referral, now=now),
            "diary_can_book": status in OPEN_STATUSES,
            "diary_can_close": Status.DID_NOT_ENGAGE in TRANSITIONS[status],
            "did_not_engage": Status.DID_NOT_ENGAGE.value,
        },
    )


ENDED = "The episode of support ended"


def closing_reason(status: Status) -> str:
    """Why its appointments were cancelled, in the words the person and the diary see."""
    if status is Status.DISCHARGED:
        return ENDED
    return f"{ENDED}: {status.label.lower()}"


def cancel_on_close(referral: Referral, status: Status, actor: User | None) -> None:
    """The episode's appointments still to come are cancelled when it closes, whichever way
    (in the transaction that closes it), each telling the person by their preference as any
    cancellation does. Ones already started are left to be recorded as attended or not. A
    close nobody made is recorded against whoever booked each appointment."""
    reason = closing_reason(Status(status))
    for appointment in upcoming_booked(referral=referral, now=clock.now()):
        appointment_cancel(
            appointment=appointment, actor=actor or appointment.booked_by, reason=reason
        )


def next_contacts(referrals: Iterable[Referral]) -> dict[uuid.UUID, NextContact]:
    return next_contacts_of(referrals, now=clock.now())
