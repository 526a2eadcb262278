"""Kinds of group activity. Pure data."""

from __future__ import annotations

from linkwork.core.choices import Choices


class GroupKind(Choices):
    WALKING = "walking", "Walking group"
    PEER_SUPPORT = "peer_support", "Peer support"
    EXERCISE = "exercise", "Exercise or sport"
    CREATIVE = "creative", "Arts, crafts or music"
    SOCIAL = "social", "Social or coffee group"
    LEARNING = "learning", "Learning or skills"
    OTHER = "other", "Another kind of group"


# Sessions recorded for a group session's attendees take this encounter mode, so the dose,
# the dataset and the evaluation count them as group work.
GROUP_MODE = "group"


# How an episode's attended sessions were delivered, as the evaluation reports its group work.
GROUP_WORK_LABELS = {
    "no_sessions": "No sessions attended",
    "one_to_one": "One-to-one only",
    "mixed": "Group and one-to-one",
    "group_only": "Group sessions only",
}
