"""Writes for case studies: written (or changed) by the person's link worker or a manager,
with the person's consent recorded; approved by one of the scheme's managers; consent
withdrawn at any time, which takes the story out of every later export.

The rules:
- a story has a title and its three parts (what mattered, what was done, what changed);
- consent is recorded as a day and how it was given, both or neither; the day cannot be in
  the future nor before the referral;
- only a manager of the scheme approves, and only while consent stands;
- changing an approved story sends it back for approval; withdrawing consent does too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.episodes.events import Audited
from linkwork.episodes.lifecycle import Status
from linkwork.episodes.models import Referral
from linkwork.voice.events import voice_event
from linkwork.voice.models import CaseStudy
from linkwork.voice.vocab import CaseStudyStatus, ConsentHow

TEXT_MAX_CHARS = 5000
# A story tells of support given: not of a referral declined or withdrawn, or not yet begun.
NO_STORY = frozenset({Status.RECEIVED.value, Status.DECLINED.value, Status.WITHDRAWN.value})


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    what_mattered: str
    what_was_done: str
    what_changed: str
    consent_on: date | None = None
    consent_how: str = ""


_PARTS = {
    "title": "Give the case study a short title.",
    "what_mattered": "Say what mattered to the person.",
    "what_was_done": "Say what was done.",
    "what_changed": "Say what changed for them.",
}


def _problems(story: Story, referral: Referral, today: date) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for name, missing in _PARTS.items():
        text = getattr(story, name).strip()
        limit = 120 if name == "title" else TEXT_MAX_CHARS
        if not text:
            problems[name] = [missing]
        elif len(text) > limit:
            problems[name] = [f"Keep this to {limit} characters or fewer."]
    if story.consent_how and story.consent_how not in ConsentHow:
        problems["consent_how"] = ["Choose how the person gave consent."]
    elif story.consent_on and not story.consent_how:
        problems["consent_how"] = ["Say how the person gave consent, or clear the consent date."]
    elif story.consent_how and not story.consent_on:
        problems["consent_on"] = ["Give the day the person gave consent."]
    if story.consent_on and story.consent_on > today:
        problems["consent_on"] = ["The consent date cannot be in the future."]
    elif story.consent_on and story.consent_on < referral.received_on:
        problems["consent_on"] = [
            f"The consent date cannot be before the referral ({referral.received_on:%d %B %Y})."
        ]
    return problems


def _check(story: Story, referral: Referral) -> None:
    if referral.status in NO_STORY:
        raise DomainError(
            "A case study tells of support given: this referral has had none.",
            code="case_study_episode",
        )
    problems = _problems(story, referral, clock.today())
    if problems:
        raise DomainError(
            "The case study needs attention.", code="case_study_invalid", field_errors=problems
        )


def _apply(case_study: CaseStudy, story: Story) -> None:
    case_study.title = story.title.strip()
    case_study.what_mattered = story.what_mattered.strip()
    case_study.what_was_done = story.what_was_done.strip()
    case_study.what_changed = story.what_changed.strip()
    case_study.consent_on = story.consent_on
    case_study.consent_how = story.consent_how


@transaction.atomic
def case_study_write(*, referral: Referral, actor: User, story: Story) -> CaseStudy:
    _check(story, referral)
    case_study = CaseStudy(scheme_id=referral.scheme_id, referral=referral, written_by=actor)
    _apply(case_study, story)
    case_study.save()
    voice_event(
        referral=referral,
        actor=actor,
        title="Case study written",
        audited=Audited("create", "case_study", case_study.pk),
    )
    return case_study


def _back_to_draft(case_study: CaseStudy) -> bool:
    was_approved = case_study.status == CaseStudyStatus.APPROVED
    case_study.status = CaseStudyStatus.DRAFT.value
    case_study.approved_by = None
    case_study.approved_at = None
    return was_approved


@transaction.atomic
def case_study_update(*, case_study: CaseStudy, actor: User, story: Story) -> CaseStudy:
    """Change the story or its consent. An approved story goes back for approval."""
    referral = case_study.referral
    _check(story, referral)
    if case_study.consent_withdrawn_on is not None and story.consent_on is not None:
        if story.consent_on <= case_study.consent_withdrawn_on:
            raise DomainError(
                "The person withdrew consent: record consent given again after that day.",
                code="case_study_invalid",
                field_errors={"consent_on": ["Give a day after consent was withdrawn."]},
            )
        case_study.consent_withdrawn_on = None
    _apply(case_study, story)
    reopened = _back_to_draft(case_study)
    case_study.save()
    voice_event(
        referral=referral,
        actor=actor,
        title="Case study changed",
        detail="back for approval" if reopened else "",
        audited=Audited("update", "case_study", case_study.pk),
    )
    return case_study


@transaction.atomic
def case_study_approve(*, case_study: CaseStudy, actor: User) -> CaseStudy:
    """A manager of the scheme approves the story for sharing, while consent stands."""
    if case_study.scheme_id not in scope_for(actor).managed_schemes:
        raise DomainError(
            "Only a manager of the scheme can approve a case study.", code="case_study_approver"
        )
    if not case_study.consent_stands:
        raise DomainError(
            "Record the person's consent (the day and how it was given) before approving.",
            code="case_study_consent",
        )
    if case_study.status == CaseStudyStatus.APPROVED:
        raise DomainError("This case study is already approved.", code="case_study_approved")
    case_study.status = CaseStudyStatus.APPROVED.value
    case_study.approved_by = actor
    case_study.approved_at = timezone.now()
    case_study.save()
    voice_event(
        referral=case_study.referral,
        actor=actor,
        title="Case study approved for sharing",
        audited=Audited("update", "case_study", case_study.pk, {"approved": True}),
    )
    return case_study


@transaction.atomic
def case_study_consent_withdraw(
    *, case_study: CaseStudy, actor: User, on: date | None = None
) -> CaseStudy:
    """The person no longer agrees to their story being shared: it leaves every later export
    and cannot be approved until consent is recorded again."""
    day = on or clock.today()
    if case_study.consent_on is None:
        raise DomainError("No consent is recorded to withdraw.", code="case_study_consent")
    if case_study.consent_withdrawn_on is not None:
        raise DomainError("Consent is already withdrawn.", code="case_study_consent")
    if day > clock.today() or day < case_study.consent_on:
        raise DomainError(
            "The day consent was withdrawn must be between the day it was given and today.",
            code="case_study_invalid",
            field_errors={"on": ["Give a day between consent and today."]},
        )
    case_study.consent_withdrawn_on = day
    _back_to_draft(case_study)
    case_study.save()
    voice_event(
        referral=case_study.referral,
        actor=actor,
        title="Consent to share the case study withdrawn",
        audited=Audited("update", "case_study", case_study.pk, {"consent_withdrawn": True}),
    )
    return case_study
