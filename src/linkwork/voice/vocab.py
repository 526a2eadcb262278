"""Codes the voice app stores, with their labels. Pure Python."""

from __future__ import annotations

from linkwork.core.choices import Choices


class ConsentHow(Choices):
    WRITTEN = "written", "Signed a consent form"
    VERBAL = "verbal", "Said so to the link worker, who recorded it"
    EMAIL = "email", "By email or letter"


class CaseStudyStatus(Choices):
    DRAFT = "draft", "Draft: waiting for a manager's approval"
    APPROVED = "approved", "Approved for sharing"
