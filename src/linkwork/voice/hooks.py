"""What the person's voice adds to the episode of support (see core.extensions): the
feedback link sent at discharge, and the episode's panel."""

from __future__ import annotations

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.core import clock
from linkwork.core.extensions import Panel
from linkwork.episodes.models import Referral
from linkwork.voice.case_study_services import NO_STORY
from linkwork.voice.feedback_services import feedback_request_send
from linkwork.voice.selectors import episode_voice


def feedback_on_discharge(referral: Referral, actor: User) -> None:
    feedback_request_send(referral=referral, actor=actor)


def voice_episode_panel(referral: Referral, user: User) -> Panel:
    """Whether the feedback link went and was answered (never what was answered), and the
    episode's case studies with the way to write one."""
    voice = episode_voice(referral=referral)
    return Panel(
        "voice/_episode_panel.html",
        {
            "feedback": voice.feedback,
            "case_studies": voice.case_studies,
            "can_write_story": referral.status not in NO_STORY,
            "manages_scheme": referral.scheme_id in scope_for(user).managed_schemes,
            "voice_today": clock.today(),
        },
    )
