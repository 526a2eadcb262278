"""The append-only audit trail of every read and write of identifiable data."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        LIST = "list", "Listed"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        MERGE = "merge", "Merged"
        EXPORT = "export", "Exported"
        SEARCH = "search", "Searched"
        # Sign-in and account security.
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
        SIGN_OUT = "sign_out", "Signed out"
        LOCKED_OUT = "locked_out", "Locked out after repeated failures"
        MFA_ENROLLED = "mfa_enrolled", "Set up two-factor sign-in"
        MFA_RESET = "mfa_reset", "Reset two-factor sign-in"
        PASSWORD_CHANGED = "password_changed", "Changed password"
        # Who may see what: roles, memberships and emergency access.
        ROLE_CHANGED = "role_changed", "Changed a role or membership"
        GRANT_REQUESTED = "grant_requested", "Asked for a role to be granted"
        GRANT_APPROVED = "grant_approved", "Approved a role grant"
        GRANT_REFUSED = "grant_refused", "Refused a role grant"
        BREAK_GLASS = "break_glass", "Used emergency (break-glass) access"
        # A person's data rights.
        SUBJECT_ACCESS = "subject_access", "Produced a subject access report"
        CORRECTED = "corrected", "Corrected"
        RESTRICTED = "restricted", "Restricted"
        UNRESTRICTED = "unrestricted", "Lifted a restriction"
        ERASED = "erased", "Erased"

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=24, choices=Action.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    person_id = models.UUIDField(null=True, blank=True, db_index=True)
    scheme_id = models.UUIDField(null=True, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.object_type} {self.object_id}"

    @property
    def object_label(self) -> str:
        """The kind of record in words ("financial gain", not "financial_gain")."""
        return self.object_type.replace("_", " ")
