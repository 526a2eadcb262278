"""Base model shared by every domain table."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID primary key (safe to expose, mergeable across deployments) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class Submission(models.Model):
    """A create that has run, claimed by the key its form (or API client) sent with it, so that
    the same form sent twice (a double click, a resent page, a retried request) runs once."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)  # pruned by age
    location = models.CharField(max_length=500, blank=True, help_text="Where the result is.")
    response = models.JSONField(null=True, blank=True, help_text="What an API client was sent.")

    def __str__(self) -> str:
        return self.key
