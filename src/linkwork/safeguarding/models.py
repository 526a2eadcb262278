"""Contact notes outside sessions, and safeguarding concerns with their history.

Every table carries the scheme and reaches the person (directly or through the concern), so
subject access, erasure and scheme sharding find it (people.person_graph)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from linkwork.core.models import BaseModel
from linkwork.episodes.vocab import ContactKind
from linkwork.safeguarding.vocab import ConcernCategory, ConcernStatus, PromptSource


class ContactNote(BaseModel):
    """Contact about the person outside a session: a call, a message, a letter, a meeting
    with another professional. The note is read under the same rule as session notes."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="contact_notes"
    )
    kind = models.CharField("kind of contact", max_length=16, choices=ContactKind.choices)
    contacted_on = models.DateField("date of contact")
    with_whom = models.CharField("with whom", max_length=200)
    note = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-contacted_on", "-created_at"]
        indexes = [models.Index(fields=["referral", "contacted_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.contacted_on:%d %b %Y}"


class Concern(BaseModel):
    """A safeguarding concern: what was seen, what was done, who the lead is, and when it is
    next reviewed. Raised by a link worker, never created by the system on its own."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="safeguarding_concerns"
    )
    category = models.CharField(max_length=16, choices=ConcernCategory.choices)
    observed = models.TextField("what was observed")
    actions = models.TextField("actions taken")
    lead_name = models.CharField("safeguarding lead informed", max_length=200, blank=True)
    lead_informed_on = models.DateField("date the lead was informed", null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    review_on = models.DateField("review date", null=True, blank=True)
    closed_on = models.DateField("date closed", null=True, blank=True)
    risk_alert = models.ForeignKey(
        "outcomes.RiskAlert",
        verbose_name="raised from the risk alert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_referral_risk = models.BooleanField(
        "raised from the risk the referrer described", default=False
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "safeguarding concern"
        ordering = ["review_on", "created_at"]
        indexes = [models.Index(fields=["scheme", "status", "review_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ConcernStatus.CLOSED) | Q(review_on__isnull=False),
                name="safeguarding_concern_open_has_review",
                violation_error_message="A concern that is not closed needs a review date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} concern raised {self.created_at:%d %b %Y}"


class ConcernUpdate(BaseModel):
    """One change to a concern, kept: its history, newest last."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(
        "status after the update", max_length=16, choices=ConcernStatus.choices
    )
    note = models.TextField("what happened")
    review_on = models.DateField("review date", null=True, blank=True)
    lead_name = models.CharField("safeguarding lead informed", max_length=200, blank=True)
    lead_informed_on = models.DateField("date the lead was informed", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "safeguarding concern update"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.created_at:%d %b %Y}"


class PromptDismissal(BaseModel):
    """A prompt to record a safeguarding concern that the link worker decided against, and
    why: the prompt is not shown again for the same alert or referral risk."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey("episodes.Referral", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("prompted by", max_length=16, choices=PromptSource.choices)
    risk_alert = models.ForeignKey(
        "outcomes.RiskAlert",
        verbose_name="risk alert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField("why no concern was recorded")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "dismissed safeguarding prompt"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} dismissed {self.created_at:%d %b %Y}"
