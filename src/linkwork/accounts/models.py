"""Staff users and their memberships of organisations (and schemes) with a role."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from linkwork.accounts.roles import SCHEME_ROLES, Role
from linkwork.core.models import BaseModel


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(BaseModel):
    """A user acts for an organisation in a role; link workers and managers also in a scheme."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="memberships"
    )
    scheme = models.ForeignKey(
        "organisations.Scheme",
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["user__username", "role"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in SCHEME_ROLES))
                | Q(scheme__isnull=False),
                name="membership_scheme_role_has_scheme",
                violation_error_message="Link workers and scheme managers belong to a scheme.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "scheme"],
                name="membership_unique_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} at {self.organisation}"


class RoleGrantRequest(BaseModel):
    """An administrator asks for a user to be given a role that opens people's records; a
    second, different administrator approves or refuses it. Only approval creates the
    membership, so a pending or refused request opens nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a second administrator"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="grant_requests")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        "organisations.Scheme", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    reason = models.TextField()
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # The two-person rule, kept by the database whatever path writes the row.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=models.F("requested_by")) & ~Q(decided_by=models.F("user"))),
                name="grant_decided_by_another_administrator",
                violation_error_message="A grant is decided by a second administrator.",
            ),
            models.CheckConstraint(
                condition=(Q(status="pending") & Q(decided_by__isnull=True))
                | (~Q(status="pending") & Q(decided_by__isnull=False)),
                name="grant_decided_has_decider",
                violation_error_message="A decided grant names who decided it.",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="grant_has_reason",
                violation_error_message="Say why the role is needed.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} for {self.user} ({self.get_status_display()})"


class BreakGlassAccess(BaseModel):
    """Emergency access to one scheme's records for a few hours, with a reason. It ends by
    itself at `expires_at`; the permission layer never honours it after that."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass")
    scheme = models.ForeignKey(
        "organisations.Scheme", on_delete=models.PROTECT, related_name="break_glass"
    )
    reason = models.TextField()
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("opened_at")),
                name="break_glass_expires_after_opening",
                violation_error_message="Emergency access ends after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="break_glass_has_reason",
                violation_error_message="Say why emergency access is needed.",
            ),
        ]

    def __str__(self) -> str:
        return f"Emergency access for {self.user} to {self.scheme}"


class ApiClient(BaseModel):
    """Another system that calls the JSON API for an organisation: a GP system, a VCSE's case
    management, a scheme's own tools. It acts as its own user, with one membership, so it
    sees and does exactly what that organisation's staff in that role may, and every call is
    audited under its name. Only a hash of its token is kept."""

    name = models.CharField(max_length=100, unique=True)
    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="api_client")
    token_hash = models.CharField(max_length=64, unique=True)
    # The token's first characters, so an administrator can tell tokens apart.
    token_prefix = models.CharField(max_length=12)
    rate_limit_per_minute = models.PositiveIntegerField(default=120)
    window_started_at = models.DateTimeField(null=True, blank=True)
    window_calls = models.PositiveIntegerField(default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"API client {self.name}"
