"""What safeguarding adds to the episode page (see core.extensions `episode_safety_panels`)."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.core.extensions import Panel
from linkwork.episodes.models import Referral
from linkwork.episodes.permissions import can_read_notes
from linkwork.safeguarding.selectors import concerns_for_episode, contact_notes_for, prompts_for


def episode_safeguarding_panel(referral: Referral, user: User) -> Panel:
    """Prompts to record a concern, for every link worker and manager of the scheme (acting on
    risk is never hidden); the concerns and the notes' words only for those who may read
    session notes. Who a contact was with, and when, is shown like a session's date."""
    readable = can_read_notes(user=user, referral=referral)
    return Panel(
        "safeguarding/_episode_panel.html",
        {
            "safeguarding_prompts": prompts_for(referral=referral),
            "safeguarding_concerns": list(concerns_for_episode(referral=referral))
            if readable
            else [],
            "contact_notes": list(contact_notes_for(referral=referral)),
            "can_read_notes": readable,
        },
    )
