"""Safeguarding writes: contact notes, concerns opened, updated and closed, and prompts
dismissed. Keyword-only arguments; each checks every field at once (DomainError names each
field and what to do), writes in one transaction, and adds one episode event with its audit
row."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.episodes.models import Referral
from linkwork.episodes.vocab import ContactKind
from linkwork.outcomes.models import RiskAlert
from linkwork.safeguarding import events
from linkwork.safeguarding.models import Concern, ConcernUpdate, ContactNote, PromptDismissal
from linkwork.safeguarding.vocab import ConcernCategory, ConcernStatus, PromptSource

Problems = dict[str, list[str]]


def _required(problems: Problems, field: str, value: str, message: str) -> str:
    text = value.strip()
    if not text:
        problems.setdefault(field, []).append(message)
    return text


def _lead(problems: Problems, lead_name: str, lead_informed_on: date | None) -> str:
    name = lead_name.strip()
    if name and lead_informed_on is None:
        problems["lead_informed_on"] = ["Enter the date the safeguarding lead was informed."]
    elif lead_informed_on is not None and not name:
        problems["lead_name"] = ["Enter the name of the safeguarding lead who was informed."]
    elif lead_informed_on is not None and lead_informed_on > clock.today():
        problems["lead_informed_on"] = ["The date the lead was informed cannot be in the future."]
    return name


def _review(problems: Problems, review_on: date | None) -> None:
    if review_on is None:
        problems["review_on"] = ["Enter the date the concern will next be reviewed."]
    elif review_on < clock.today():
        problems["review_on"] = ["The review date cannot be in the past."]


def _of(referral: Referral) -> dict[str, Any]:
    """The fields every record of an episode carries: its scheme, person and referral."""
    return {"scheme_id": referral.scheme_id, "person_id": referral.person_id, "referral": referral}


def _refuse(problems: Problems, what: str, code: str) -> None:
    if problems:
        raise DomainError(f"Check the {what}.", code=code, field_errors=problems)


@transaction.atomic
def contact_note_record(
    *,
    referral: Referral,
    actor: User,
    kind: str,
    contacted_on: date,
    with_whom: str,
    note: str,
) -> ContactNote:
    problems: Problems = {}
    if kind not in ContactKind:
        problems["kind"] = ["Choose the kind of contact."]
    if contacted_on > clock.today():
        problems["contacted_on"] = ["The date of contact cannot be in the future."]
    elif contacted_on < referral.received_on:
        problems["contacted_on"] = ["The date cannot be before the referral was received."]
    who = _required(problems, "with_whom", with_whom, "Enter who the contact was with.")
    text = _required(problems, "note", note, "Enter the note: what was said or agreed.")
    _refuse(problems, "contact note", "contact_note_invalid")
    contact = ContactNote.objects.create(
        **_of(referral),
        kind=kind,
        contacted_on=contacted_on,
        with_whom=who,
        note=text,
        recorded_by=actor,
    )
    events.contact_note_recorded(note=contact, actor=actor)
    return contact


@transaction.atomic
def concern_open(
    *,
    referral: Referral,
    actor: User,
    category: str,
    observed: str,
    actions: str,
    review_on: date | None,
    lead_name: str = "",
    lead_informed_on: date | None = None,
    risk_alert: RiskAlert | None = None,
    from_referral_risk: bool = False,
) -> Concern:
    problems: Problems = {}
    if category not in ConcernCategory:
        problems["category"] = ["Choose the category of the concern."]
    seen = _required(problems, "observed", observed, "Enter what was observed.")
    done = _required(problems, "actions", actions, "Enter the actions taken so far.")
    lead = _lead(problems, lead_name, lead_informed_on)
    _review(problems, review_on)
    if risk_alert is not None and risk_alert.referral_id != referral.pk:
        problems["risk_alert"] = ["That risk alert belongs to another episode."]
    _refuse(problems, "safeguarding concern", "concern_invalid")
    concern = Concern.objects.create(
        **_of(referral),
        category=category,
        observed=seen,
        actions=done,
        lead_name=lead,
        lead_informed_on=lead_informed_on,
        status=ConcernStatus.OPEN,
        review_on=review_on,
        risk_alert=risk_alert,
        from_referral_risk=from_referral_risk,
        raised_by=actor,
    )
    events.concern_changed(concern=concern, actor=actor, what="opened")
    return concern


def _locked_open(concern: Concern) -> Concern:
    # Lock the concern so two people updating at once are written one after the other.
    locked = Concern.objects.select_for_update().select_related("referral").get(pk=concern.pk)
    if locked.status == ConcernStatus.CLOSED:
        raise DomainError("This concern is closed; it cannot be changed.", code="concern_closed")
    return locked


@transaction.atomic
def concern_update(
    *,
    concern: Concern,
    actor: User,
    status: str,
    note: str,
    review_on: date | None,
    lead_name: str = "",
    lead_informed_on: date | None = None,
) -> ConcernUpdate:
    """A change to an open concern: its status (open or under review), the next review and,
    when one is newly informed, the safeguarding lead. The concern is closed by
    `concern_close`."""
    locked = _locked_open(concern)
    problems: Problems = {}
    if status not in (ConcernStatus.OPEN, ConcernStatus.UNDER_REVIEW):
        problems["status"] = ["Choose open or under review; close the concern with its reason."]
    text = _required(problems, "note", note, "Enter what happened since the last update.")
    lead = _lead(problems, lead_name, lead_informed_on)
    _review(problems, review_on)
    _refuse(problems, "update", "concern_update_invalid")
    locked.status = status
    locked.review_on = review_on
    if lead:
        locked.lead_name, locked.lead_informed_on = lead, lead_informed_on
    locked.save(
        update_fields=["status", "review_on", "lead_name", "lead_informed_on", "updated_at"]
    )
    update = ConcernUpdate.objects.create(
        scheme_id=locked.scheme_id,
        concern=locked,
        status=status,
        note=text,
        review_on=review_on,
        lead_name=lead,
        lead_informed_on=lead_informed_on,
        updated_by=actor,
    )
    events.concern_changed(concern=locked, actor=actor, what="updated")
    concern.refresh_from_db()
    return update


@transaction.atomic
def concern_close(*, concern: Concern, actor: User, note: str) -> Concern:
    locked = _locked_open(concern)
    problems: Problems = {}
    text = _required(problems, "note", note, "Enter why the concern is closed and its outcome.")
    _refuse(problems, "closing note", "concern_close_invalid")
    locked.status = ConcernStatus.CLOSED
    locked.closed_on = clock.today()
    locked.save(update_fields=["status", "closed_on", "updated_at"])
    ConcernUpdate.objects.create(
        scheme_id=locked.scheme_id,
        concern=locked,
        status=ConcernStatus.CLOSED,
        note=text,
        review_on=locked.review_on,
        updated_by=actor,
    )
    events.concern_changed(concern=locked, actor=actor, what="closed")
    concern.refresh_from_db()
    return concern


@transaction.atomic
def prompt_dismiss(
    *,
    referral: Referral,
    actor: User,
    source: str,
    reason: str,
    risk_alert: RiskAlert | None = None,
) -> PromptDismissal:
    """The link worker decided no concern is needed for this prompt, and says why."""
    problems: Problems = {}
    if source not in PromptSource:
        problems["source"] = ["Say which prompt is dismissed."]
    elif source == PromptSource.RISK_ALERT and risk_alert is None:
        problems["source"] = ["Say which risk alert the prompt was for."]
    if risk_alert is not None and risk_alert.referral_id != referral.pk:
        problems["source"] = ["That risk alert belongs to another episode."]
    text = _required(problems, "reason", reason, "Enter why no safeguarding concern is needed.")
    _refuse(problems, "dismissal", "prompt_dismissal_invalid")
    dismissal = PromptDismissal.objects.create(
        **_of(referral),
        source=source,
        risk_alert=risk_alert if source == PromptSource.RISK_ALERT else None,
        reason=text,
        dismissed_by=actor,
    )
    events.prompt_dismissed(dismissal=dismissal, actor=actor)
    return dismissal
