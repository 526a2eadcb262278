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
    person_id = models.UUIDField(null=True, blank=True)
    scheme_id = models.UUIDField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # SHA-256 of the previous event's hash and this event's canonical content (see chain.py):
    # changing, removing or reordering any event breaks every link after it.
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person_id", "at"], name="audit_event_person_at"),
            models.Index(fields=["actor", "at"], name="audit_event_actor_at"),
            models.Index(fields=["scheme_id", "at"], name="audit_event_scheme_at"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.object_type} {self.object_id}"

    @property
    def object_label(self) -> str:
        """The kind of record in words ("financial gain", not "financial_gain")."""
        return self.object_type.replace("_", " ")


class AuditSubject(models.Model):
    """One person shown by a list read: a list is one event, its people are rows here, so the
    trail stays queryable by person without one event per person shown."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subjects")
    person_id = models.UUIDField()
    scheme_id = models.UUIDField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["person_id", "event"], name="audit_subject_person_event"),
            models.Index(fields=["scheme_id", "event"], name="audit_subject_scheme_event"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.person_id}"


class AuditChainHead(models.Model):
    """The newest link of the hash chain, in one row. Writers lock it (SELECT ... FOR UPDATE)
    so concurrent requests append one after another and never fork the chain."""

    last_event_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"chain head at {self.last_event_id}"
