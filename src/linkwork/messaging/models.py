"""Messages out: what was sent to a person (reminders, letters, questionnaire links) and the
end-of-episode documents sent to a practice by MESH, each with where it got to and why not."""

from __future__ import annotations

from django.db import models

from linkwork.core.models import BaseModel
from linkwork.messaging.channels import PURPOSES


class Message(BaseModel):
    """One message to a person, recorded whether or not it could be sent, so the record says
    what the person was (and was not) told and why."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"
        LETTER = "letter", "Letter"
        NONE = "none", "No usable channel"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Not sent"

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="messages_sent"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    purpose = models.CharField(max_length=32, help_text="Which template: what the message is for.")
    personalisation = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    reason = models.TextField(blank=True, help_text="Why it was not sent, in words.")
    provider = models.CharField(max_length=16, blank=True, help_text="Which service sent it.")
    provider_id = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "created_at"])]

    @property
    def purpose_label(self) -> str:
        return PURPOSES.get(self.purpose, self.purpose)

    def __str__(self) -> str:
        return f"{self.purpose} by {self.get_channel_display()}: {self.get_status_display()}"


class MeshMessage(BaseModel):
    """One document of an end-of-episode summary sent to the practice's MESH mailbox: each
    document (the PDF, the coded events, any added later) is its own MESH message, tracked
    until the practice acknowledges it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent, not yet acknowledged"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by the practice"
        FAILED = "failed", "Failed"

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    summary = models.ForeignKey(
        "episodes.EpisodeSummary", on_delete=models.PROTECT, related_name="mesh_messages"
    )
    practice = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    document = models.CharField(max_length=32, help_text="Which document: summary_pdf, ...")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    mailbox_from = models.CharField(max_length=20)
    mailbox_to = models.CharField(max_length=20, blank=True)
    workflow_id = models.CharField(max_length=64)
    message_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    reason = models.TextField(blank=True, help_text="Why it failed, in words.")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "MESH message"
        indexes = [models.Index(fields=["scheme", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "document"], name="mesh_message_one_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} to {self.mailbox_to or 'no mailbox'}: {self.get_status_display()}"
