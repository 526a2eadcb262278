"""Caseload writes: bulk actions on the episodes chosen from the list, and saved filters.

Each bulk action takes the chosen ids and the acting user, resolves them through the user's
own caseload (an id from another scheme, or another worker's episode, refuses the whole
action), checks every episode before changing any, then works through the episode services
that already own each change (handover, messages, closing), in one transaction: all or
nothing. Each action is audited as one event naming everyone it touched."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction

from linkwork.accounts.models import User
from linkwork.audit.models import AuditEvent
from linkwork.audit.services import audit_record, audit_record_list
from linkwork.caseload.models import SavedFilter
from linkwork.caseload.selectors import (
    CAN_CLOSE_DID_NOT_ENGAGE,
    caseload_scope,
    episodes_chosen,
    questionnaires_due,
)
from linkwork.core import clock
from linkwork.core.errors import DomainError
from linkwork.diary.selectors import diary_rules, missed_contacts
from linkwork.episodes.lifecycle import OPEN_STATUSES, Status
from linkwork.episodes.models import Referral
from linkwork.episodes.services.handover import caseload_handover
from linkwork.episodes.services.lifecycle import referral_close
from linkwork.messaging.models import Message
from linkwork.messaging.services import message_send

# Most people one action changes: a page of the list.
MOST_CHOSEN = 200


def _names(episodes: list[Referral]) -> str:
    names = [r.person.full_name for r in episodes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def chosen_episodes(*, actor: User, episode_ids: list[uuid.UUID]) -> list[Referral]:
    """The chosen episodes, every one of them in the actor's caseload, locked for the change.
    Raises DomainError (nothing changed) for none chosen, too many, or any id that is not in
    the caseload, without saying whose it is."""
    if not episode_ids:
        raise DomainError(
            "Choose at least one person from the list.",
            code="caseload_none_chosen",
            field_errors={"episodes": ["Tick the people to include."]},
        )
    if len(set(episode_ids)) > MOST_CHOSEN:
        raise DomainError(
            f"Choose at most {MOST_CHOSEN} people at a time.",
            code="caseload_too_many",
            field_errors={"episodes": [f"Choose at most {MOST_CHOSEN} people."]},
        )
    scope = caseload_scope(user=actor)
    found, outside = episodes_chosen(scope, episode_ids, now=clock.now())
    if outside:
        people = "person chosen is" if outside == 1 else "people chosen are"
        raise DomainError(
            f"{outside} of the {people} not in your caseload (another scheme's, or not yours "
            "to change): nothing was changed. Choose people from your caseload list.",
            code="caseload_not_yours",
            field_errors={"episodes": ["Choose only people from your caseload list."]},
        )
    # Locked, so two people acting on the same episodes at once cannot both change them.
    list(Referral.objects.select_for_update().filter(pk__in=[r.pk for r in found]).values("pk"))
    return found


def _audit(
    *, actor: User, action: str, episodes: list[Referral], detail: dict[str, object]
) -> None:
    audit_record_list(
        actor=actor,
        object_type="caseload_bulk",
        rows=[(r.person_id, r.scheme_id) for r in episodes],
        detail={"bulk": action, **detail},
        action=AuditEvent.Action.UPDATE,
    )


@transaction.atomic
def caseload_reassign(
    *, actor: User, episode_ids: list[uuid.UUID], to: User, note: str, on: date | None = None
) -> int:
    """Hand the chosen people over to another link worker of their scheme, with a note."""
    episodes = chosen_episodes(actor=actor, episode_ids=episode_ids)
    closed = [r for r in episodes if Status(r.status) not in OPEN_STATUSES]
    if closed:
        raise DomainError(
            f"{_names(closed)}: closed episodes cannot be handed over. Untick them and try again.",
            code="caseload_reassign_closed",
        )
    already = [r for r in episodes if r.link_worker_id == to.pk]
    if already:
        said = (
            f"{to} already supports {_names(already)}: untick them or choose another link worker."
        )
        raise DomainError(said, code="caseload_reassign_same", field_errors={"to": [said]})
    count = caseload_handover(referrals=episodes, to=to, actor=actor, note=note, on=on)
    _audit(actor=actor, action="reassign", episodes=episodes, detail={"to": str(to.pk)})
    return count


@dataclass
class Reminded:
    """What a questionnaire reminder did: sent (queued by the person's chosen channel), recorded
    as not sent (no usable channel: the reason is on the person's record), nothing due."""

    sent: list[Referral] = field(default_factory=list)
    not_sent: list[Referral] = field(default_factory=list)
    nothing_due: list[Referral] = field(default_factory=list)


def _in_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def caseload_remind_questionnaires(
    *, actor: User, episode_ids: list[uuid.UUID], today: date
) -> Reminded:
    """Send each chosen person with a questionnaire due (or overdue) a link to it, through the
    messages service (which records it on their record and sends it in the background)."""
    episodes = chosen_episodes(actor=actor, episode_ids=episode_ids)
    due = questionnaires_due(episodes, today=today)
    if not due:
        raise DomainError(
            "None of the people chosen has a questionnaire due: nothing was sent.",
            code="caseload_nothing_due",
        )
    result = Reminded()
    for referral in episodes:
        items = due.get(referral.pk)
        if not items:
            result.nothing_due.append(referral)
            continue
        message = message_send(
            person=referral.person,
            purpose="questionnaire_link",
            personalisation={
                "name": referral.person.given_name,
                "questionnaires": "; ".join(
                    f"{i.instrument_name} ({i.timepoint_label.lower()})" for i in items
                ),
                "due_on": _in_words(min(i.due_on for i in items)),
            },
            actor=actor,
        )
        bucket = result.not_sent if message.status == Message.Status.FAILED else result.sent
        bucket.append(referral)
    _audit(
        actor=actor,
        action="questionnaire_reminder",
        episodes=[*result.sent, *result.not_sent],
        detail={"sent": len(result.sent), "not_sent": len(result.not_sent)},
    )
    return result


def did_not_engage_problem(referral: Referral) -> str | None:
    """Why the episode may not be closed as did not engage, or None: the lifecycle must allow
    it and the person must have missed at least the scheme's number of contacts in a row."""
    if Status(referral.status) not in CAN_CLOSE_DID_NOT_ENGAGE:
        return f"{referral.person.full_name}'s episode is {Status(referral.status).label.lower()}"
    needed = diary_rules(referral.scheme_id).missed_contacts
    missed = missed_contacts(referral)
    if missed < needed:
        return (
            f"{referral.person.full_name} has missed {missed} "
            f"contact{'' if missed == 1 else 's'} in a row "
            f"({referral.scheme.name} closes after {needed})"
        )
    return None


@transaction.atomic
def caseload_close_did_not_engage(
    *, actor: User, episode_ids: list[uuid.UUID], reviewed: bool, note: str = ""
) -> int:
    """Close the chosen episodes as did not engage, after the user has reviewed the list, only
    where each meets the scheme's rule; otherwise nothing is closed."""
    if not reviewed:
        raise DomainError(
            "Confirm that you have reviewed each person before closing their episodes.",
            code="caseload_not_reviewed",
            field_errors={"reviewed": ["Tick to confirm you have reviewed each person."]},
        )
    episodes = chosen_episodes(actor=actor, episode_ids=episode_ids)
    problems = [p for p in map(did_not_engage_problem, episodes) if p]
    if problems:
        raise DomainError(
            "Only episodes that meet the scheme's rule for did not engage can be closed: "
            + "; ".join(problems)
            + ". Untick them: nothing was closed.",
            code="caseload_not_did_not_engage",
        )
    text = note.strip() or "Closed from the caseload after review: missed contacts in a row."
    for referral in episodes:
        referral_close(referral=referral, actor=actor, to=Status.DID_NOT_ENGAGE, note=text)
    _audit(actor=actor, action="close_did_not_engage", episodes=episodes, detail={})
    return len(episodes)


@transaction.atomic
def saved_filter_save(*, user: User, name: str, query: str) -> SavedFilter:
    """Save the list's filters under a name (the same name again replaces them)."""
    name = name.strip()
    if not name:
        raise DomainError(
            "Give the filter a name.",
            code="filter_name",
            field_errors={"name": ["Give the filter a name, such as 'Waiting over 4 weeks'."]},
        )
    longest = SavedFilter._meta.get_field("name").max_length or 0
    if len(name) > longest:
        raise DomainError(
            "The filter's name is too long.",
            code="filter_name",
            field_errors={"name": [f"Give the filter a name of at most {longest} characters."]},
        )
    try:
        with transaction.atomic():
            saved, _ = SavedFilter.objects.update_or_create(
                user=user, name=name, defaults={"query": query}
            )
    except IntegrityError:  # the same name saved at the same moment from another tab
        saved = SavedFilter.objects.get(user=user, name=name)
    audit_record(
        actor=user,
        action="create",
        object_type="caseload_filter",
        object_id=saved.pk,
        detail={"name": name},
    )
    return saved


@transaction.atomic
def saved_filter_delete(*, user: User, filter_id: uuid.UUID) -> None:
    deleted, _ = SavedFilter.objects.filter(user=user, pk=filter_id).delete()
    if not deleted:
        raise DomainError("That saved filter no longer exists.", code="filter_gone")
    audit_record(actor=user, action="update", object_type="caseload_filter", object_id=filter_id)
