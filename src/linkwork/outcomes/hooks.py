"""What outcomes adds to the pages of the apps below it (see core.extensions)."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.core.extensions import Panel
from linkwork.episodes.models import Referral
from linkwork.outcomes.panel import person_outcome_panel
from linkwork.outcomes.selectors import outcome_summary_lines_for_episode
from linkwork.people.models import Person


def person_outcomes_panel(person: Person, user: User) -> Panel:
    """The person's questionnaires and risk alerts, on their record."""
    return Panel(
        "outcomes/_person_outcomes.html", {"outcome_panel": person_outcome_panel(person=person)}
    )


def episode_changes(referral: Referral) -> list[dict[str, object]]:
    """The end-of-episode summary's outcome lines, one per measure of each instrument."""
    return outcome_summary_lines_for_episode(referral=referral)
