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
