"""What tasks add to the episode page (see core.extensions `episode_panels`)."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.extensions import Panel
from linkwork.episodes.models import Referral
from linkwork.tasks.selectors import episode_tasks


def episode_tasks_panel(referral: Referral, user: User) -> Panel:
    """The episode's open tasks, each with its button to mark it done, and the link to add
    one. The page has authorised and audited the episode."""
    return Panel(
        "tasks/_episode_panel.html",
        {"episode_tasks": episode_tasks(referral=referral, user=user), "today": clock.today()},
    )
