"""Imports into a live scheme: each run (who, which files, which profile, what it wrote, how
far it got) and, for every record a run wrote, the source system's id, so importing the same
export again updates or skips instead of duplicating, and a run can be reversed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from linkwork.core.models import BaseModel


class ImportRun(BaseModel):
    """One import of one or more files into one scheme. It is also the background job's row:
    the page polls its progress. It holds counts, never a row's content."""

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking the files"
        UPLOADED = "uploaded", "Uploaded, not yet imported"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"
        REVERSING = "reversing", "Reversing"
        REVERSED = "reversed", "Reversed"
        DISCARDED = "discarded", "Discarded"

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    profile_name = models.CharField(max_length=100)
    # An uploaded profile is kept with the run, so the run can be repeated exactly.
    profile_definition = models.JSONField(null=True, blank=True)
    files = models.JSONField(default=list, help_text="Each file's name and SHA-256.")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the files' checksums.")
    upload_dir = models.CharField(max_length=500, blank=True)
    skip_invalid = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPLOADED)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    counts = models.JSONField(
        default=dict, blank=True, help_text="Per kind of record: created, updated, skipped."
    )
    # Which rows were left out and why, for the run's page: file, row, field and problem code
    # of the first rows (never a value from them), and the count of each problem.
    rejections = models.JSONField(default=list, blank=True)
    problem_counts = models.JSONField(default=dict, blank=True)
    # Notes for the manager: possible duplicate people (by source id, never by name), people
    # matched to existing records, practice codes not found. No names or numbers.
    notes = models.JSONField(default=list, blank=True)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reversed_at = models.DateTimeField(null=True, blank=True)
    # A reversal runs in the background: the status to go back to if it cannot finish, and
    # why it could not (something added since refers to what the import created).
    status_before_reversal = models.CharField(max_length=12, blank=True)
    reversal_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["scheme", "created_at"])]

    def __str__(self) -> str:
        return f"Import of {', '.join(self.file_names)} ({self.get_status_display().lower()})"

    @property
    def file_names(self) -> list[str]:
        return [str(f.get("name", "")) for f in self.files]

    @property
    def under_way(self) -> bool:
        return self.status in (
            self.Status.CHECKING,
            self.Status.QUEUED,
            self.Status.RUNNING,
            self.Status.REVERSING,
        )

    @property
    def waiting_long(self) -> bool:
        """Queued for minutes: no background worker is taking jobs."""
        waiting = self.status == self.Status.QUEUED or (
            self.status in (self.Status.CHECKING, self.Status.REVERSING) and not self.worker
        )
        return waiting and self.updated_at < timezone.now() - dt.timedelta(minutes=2)

    @property
    def reversible(self) -> bool:
        """Finished, having created something to remove."""
        return (self.status == self.Status.DONE and self.created > 0) or (
            self.status == self.Status.FAILED and self.chunks_done > 0
        )


class ImportedRecord(BaseModel):
    """A record an import wrote or matched, under the source system's id. The key (scheme,
    source system, kind, source id) is unique, so a second import of the same export finds
    what the first wrote."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        REFERRAL = "referral", "Referral"
        SESSION = "session", "Session"
        QUESTIONNAIRE = "questionnaire", "Questionnaire"
        CONNECTION = "connection", "Connection"
        FINANCIAL_GAIN = "financial_gain", "Financial gain"

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        MATCHED = "matched", "Matched to an existing record"

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    import_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="records")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="imported_records"
    )
    source_system = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Blank only once the person's record is erased: the source's id can identify them.
    source_id = models.CharField(max_length=200, blank=True)
    object_id = models.UUIDField()
    action = models.CharField(max_length=8, choices=Action.choices)
    chunk = models.PositiveIntegerField(default=0)
    # SHA-256 of what the source said when last imported: the same again is skipped.
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["import_run", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "source_system", "kind", "source_id"],
                condition=~Q(source_id=""),
                name="imported_record_unique_source_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source_id}"
