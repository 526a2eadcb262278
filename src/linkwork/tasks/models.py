"""The link worker's tasks and the notifications that tell staff what changed.

A task belongs to a scheme; it may be for one member of staff (`assignee`) or for the scheme
(no assignee: any of its link workers may take it), and may be about a person and one of their
episodes. Tasks raised by a rule carry the rule (`kind`) and what raised it (`source_key`), and
the pair is unique per scheme, so a rule run twice, or an event heard twice, raises one task."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from linkwork.core.models import BaseModel
from linkwork.tasks.vocab import NotificationKind, TaskKind, TaskStatus


class Task(BaseModel):
    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        help_text="Empty: a task for the scheme, for any of its link workers to take.",
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    due_on = models.DateField("due date")
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    kind = models.CharField(max_length=24, choices=TaskKind.choices, default=TaskKind.BY_HAND)
    source_key = models.UUIDField(
        null=True, blank=True, help_text="What raised it (an event, a connection...), by id."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"]),
            models.Index(fields=["scheme", "status", "due_on"]),
            models.Index(fields=["referral", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "kind", "source_key"],
                condition=Q(source_key__isnull=False),
                name="task_raised_once",
            ),
            models.CheckConstraint(
                condition=Q(status=TaskStatus.OPEN.value) | Q(completed_at__isnull=False),
                name="task_done_has_time",
                violation_error_message="A task that is done records when.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_on:%d %b %Y})"


class Notification(models.Model):
    """Something that changed for one member of staff: a task given or passed to them, or
    theirs done by someone else. Unseen until they open their notifications."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    # Who made the change (who passed the task on, say); empty when the system raised it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "seen_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"


class NotificationPreference(models.Model):
    """A member of staff's choice to be emailed their notifications as well (off unless they
    turn it on). The email names the kind of change only, never the person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField("email me my notifications", default=False)

    def __str__(self) -> str:
        return f"Notifications of {self.user}: {'email' if self.email else 'in linkwork only'}"
