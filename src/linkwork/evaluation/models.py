"""Evaluation runs in the background, so a long analysis never holds a web request open."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from linkwork.core.models import BaseModel

# A worker takes a queued job within seconds; after this long the page says something is wrong.
WAIT_NOTICE = timedelta(minutes=2)


class ReportJob(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    audience = models.CharField(max_length=16)  # "scheme" or "external"
    scheme_ids = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Which worker process took the job (host and process id) and how many times one has, so
    # a job left running by a worker that died is found and queued again, but not for ever.
    worker = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    @property
    def waiting_long(self) -> bool:
        """Queued for minutes: no background worker is taking jobs."""
        return self.status == self.Status.QUEUED and self.created_at < timezone.now() - WAIT_NOTICE

    def __str__(self) -> str:
        return f"Evaluation {self.get_status_display().lower()} ({self.progress}%)"
