"""Group activities (a walking group, a peer support session) and each time one meets.

Who came from the caseload is a `GroupAttendance` per episode, each with the session it
created in that episode (an `episodes.Encounter` in group mode), so the dose, the dataset and
the evaluation count it as group work. People who came but are not on the caseload are only
counted (`others`), never named."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from linkwork.core.models import BaseModel
from linkwork.groups.vocab import GroupKind


class GroupActivity(BaseModel):
    scheme = models.ForeignKey(
        "organisations.Scheme", on_delete=models.PROTECT, related_name="group_activities"
    )
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=GroupKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "group activities"
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "name"],
                name="group_activity_unique_name_in_scheme",
                violation_error_message="The scheme already has a group with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GroupSession(BaseModel):
    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(GroupActivity, on_delete=models.PROTECT, related_name="sessions")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField()
    place = models.CharField(max_length=200)
    duration_minutes = models.PositiveSmallIntegerField("duration in minutes")
    others = models.PositiveSmallIntegerField(
        "others attending",
        default=0,
        help_text="People who came who are not on the caseload: counted, never named.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Not blank, so that erasure writes its placeholder over a reason rather than emptying it.
    cancel_reason = models.TextField(default="")

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["scheme", "occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=480),
                name="group_session_duration_range",
                violation_error_message="A group session lasts between 1 minute and 8 hours.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} on {self.occurred_on:%d %b %Y}"

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class GroupAttendance(BaseModel):
    """One person from the caseload at a group session, through one of their episodes."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    group_session = models.ForeignKey(
        GroupSession, on_delete=models.PROTECT, related_name="attendances"
    )
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="group_attendances"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # The session it made in the episode; emptied when the group session is cancelled.
    encounter = models.OneToOneField(
        "episodes.Encounter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_attendance",
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_session", "referral"],
                name="group_attendance_once_per_episode",
                violation_error_message="This episode is already at the group session.",
            ),
        ]

    def __str__(self) -> str:
        return f"Attendance at {self.group_session_id}"
