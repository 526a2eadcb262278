"""What groups add to the episode page (see core.extensions): the group sessions the person
came to in this episode."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.core.extensions import Panel
from linkwork.episodes.models import Referral
from linkwork.groups.selectors import group_sessions_of_episode


def groups_episode_panel(referral: Referral, user: User) -> Panel | None:
    attended = group_sessions_of_episode(referral=referral)
    if not attended:
        return None
    return Panel("groups/_episode_panel.html", {"group_attendances": attended})
