"""The person's own voice: the feedback they give at discharge through a personal link, and
case studies of their support told with their consent.

Writes go through `feedback_services` and `case_study_services`; reads through `selectors`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from linkwork.core.models import BaseModel
from linkwork.voice.vocab import CaseStudyStatus, ConsentHow


class FeedbackRequest(BaseModel):
    """The feedback link sent to a person when their episode ended: one per episode. Only the
    hash of the link's token is kept; a new link replaces it (the old one stops working)."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.OneToOneField(
        "episodes.Referral", on_delete=models.PROTECT, related_name="feedback_request"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_on = models.DateField()
    message = models.ForeignKey(
        "messaging.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The message that carried the link (its channel and whether it went).",
    )
    answered_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return "Feedback link (answered)" if self.answered_on else "Feedback link"


class FeedbackResponse(BaseModel):
    """One person's answers, kept once. Linked to their episode's request so that their rights
    (subject access, erasure) reach it; the app shows the answers only as counts by scheme, and
    the comment only to the scheme's managers, never with the person's name."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(
        FeedbackRequest, on_delete=models.PROTECT, related_name="response"
    )
    submitted_on = models.DateField()
    answers = models.JSONField(help_text="Statement code: agreement code.")
    comment = models.TextField(blank=True, help_text="In the person's own words.")

    class Meta:
        indexes = [models.Index(fields=["scheme", "submitted_on"])]

    def __str__(self) -> str:
        return f"Feedback given {self.submitted_on}"


class CaseStudy(BaseModel):
    """A person's story of their support, in three parts, shared outside the scheme only with
    their consent and a manager's approval, and then only with identifiers scrubbed."""

    scheme = models.ForeignKey("organisations.Scheme", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        "episodes.Referral", on_delete=models.PROTECT, related_name="case_studies"
    )
    title = models.CharField(max_length=120)
    what_mattered = models.TextField("what mattered to the person")
    what_was_done = models.TextField("what was done")
    what_changed = models.TextField("what changed")
    consent_on = models.DateField("consent given on", null=True, blank=True)
    consent_how = models.CharField(max_length=16, choices=ConsentHow.choices, blank=True)
    consent_withdrawn_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=CaseStudyStatus.choices, default=CaseStudyStatus.DRAFT.value
    )
    written_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    approved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["scheme", "status"])]
        constraints = [
            # Approval needs consent that stands: given (with how), and not withdrawn.
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (
                    Q(consent_on__isnull=False)
                    & ~Q(consent_how="")
                    & Q(consent_withdrawn_on__isnull=True)
                    & Q(approved_by__isnull=False)
                ),
                name="case_study_approved_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def consent_stands(self) -> bool:
        return bool(self.consent_on and self.consent_how and self.consent_withdrawn_on is None)
