"""The person's episodes of support, as a panel on their record (see core.extensions)."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.core.extensions import Panel
from linkwork.episodes.permissions import can_read_notes
from linkwork.episodes.selectors.referrals import episodes_of_person
from linkwork.people.models import Person


def person_episodes_panel(person: Person, user: User) -> Panel:
    episodes = list(episodes_of_person(person_id=person.pk))
    return Panel(
        "episodes/_person_episodes.html",
        {
            "episodes": episodes,
            "notes_visible": {ep.pk: can_read_notes(user=user, referral=ep) for ep in episodes},
        },
    )
