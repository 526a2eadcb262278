"""Writes for NoMAD survey rounds: open a round with personal links, issue more links, close
it, and take one anonymous response per link.

Privacy by construction:

- a link's token (``core.one_use_tokens``) is shown once, to the manager who issues it,
  and only its SHA-256 hash is stored, so the database cannot produce working links;
- a link names nobody and keeps no time of use; a response keeps the day only and is not
  linked to the link it came through, so answers cannot be traced back to a person;
- a link works once, until the round's closing day, and not after the round is closed;
- unknown, used and expired links get one and the same refusal, which says nothing about
  the round or anyone else.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from linkwork.accounts.models import User
from linkwork.core import clock
from linkwork.core.errors import DomainError, NotFoundError
from linkwork.core.one_use_tokens import new_token, token_hash
from linkwork.implementation.models import NomadLink, NomadResponse, NomadRound
from linkwork.implementation.nomad import CONSTRUCT_ITEMS, answer_problems
from linkwork.implementation.vocab import RespondentGroup
from linkwork.organisations.models import Organisation

DEFAULT_MIN_RESPONSES = 5
MAX_LINKS_PER_ISSUE = 200
MAX_ROUND_DAYS = 90
LINK_UNUSABLE = "This survey link cannot be used. It may have expired or already been used."


def min_responses_setting() -> int:
    """The smallest round whose results may be shown (setting LINKWORK_NOMAD_MIN_RESPONSES,
    default 5, never below 2)."""
    value = getattr(settings, "LINKWORK_NOMAD_MIN_RESPONSES", DEFAULT_MIN_RESPONSES)
    return max(2, int(value))


def _today(today: date | None) -> date:
    return today or clock.today()


def round_is_open(survey: NomadRound, today: date) -> bool:
    return survey.closed_on is None and survey.opened_on <= today <= survey.closes_on


def _new_links(survey: NomadRound, count: int) -> list[str]:
    tokens = [new_token() for _ in range(count)]
    NomadLink.objects.bulk_create(
        [
            NomadLink(round=survey, token_hash=token_hash(token), expires_on=survey.closes_on)
            for token in tokens
        ]
    )
    return tokens


def _link_count_problem(count: int) -> list[str]:
    if 1 <= count <= MAX_LINKS_PER_ISSUE:
        return []
    return [f"Issue from 1 to {MAX_LINKS_PER_ISSUE} links at a time."]


@transaction.atomic
def nomad_round_open(
    *,
    actor: User,
    practice: Organisation,
    closes_on: date,
    links: int,
    programme_name: str = "the link worker programme",
    min_responses: int | None = None,
    today: date | None = None,
) -> tuple[NomadRound, list[str]]:
    """Open a round and issue `links` personal links. Returns the round and the raw tokens,
    which exist nowhere else: the caller shows them once."""
    today = _today(today)
    floor = min_responses_setting()
    minimum = floor if min_responses is None else min_responses
    problems: dict[str, list[str]] = {}
    if closes_on < today:
        problems["closes_on"] = ["The closing day has already passed."]
    elif closes_on > today + timedelta(days=MAX_ROUND_DAYS):
        problems["closes_on"] = [f"A round runs for at most {MAX_ROUND_DAYS} days."]
    if count_problem := _link_count_problem(links):
        problems["links"] = count_problem
    if minimum < floor:
        problems["min_responses"] = [f"Results need at least {floor} responses to stay anonymous."]
    if not programme_name.strip():
        problems["programme_name"] = ["Name the programme the survey asks about."]
    if problems:
        raise DomainError(
            "The survey round could not be opened.", code="round_invalid", field_errors=problems
        )
    survey = NomadRound(
        practice=practice,
        programme_name=programme_name.strip(),
        opened_on=today,
        closes_on=closes_on,
        min_responses=minimum,
        opened_by=actor,
    )
    survey.full_clean()
    survey.save()
    return survey, _new_links(survey, links)


@transaction.atomic
def nomad_links_issue(
    *, actor: User, survey: NomadRound, count: int, today: date | None = None
) -> list[str]:
    if not round_is_open(survey, _today(today)):
        raise DomainError("This round is closed; open a new round instead.", code="round_closed")
    if problem := _link_count_problem(count):
        raise DomainError(problem[0], code="round_invalid", field_errors={"count": problem})
    return _new_links(survey, count)


@transaction.atomic
def nomad_round_close(*, actor: User, survey: NomadRound, today: date | None = None) -> None:
    """Close a round early: its links stop working and its results may be shown."""
    today = _today(today)
    if survey.closed_on is not None or today > survey.closes_on:
        raise DomainError("This round has already closed.", code="round_closed")
    survey.closed_on = today
    survey.save(update_fields=["closed_on", "updated_at"])


def usable_link(token: str, *, today: date | None = None) -> NomadLink:
    """The link for `token` if it can still be answered, else NotFoundError (one refusal for
    unknown, used, expired and closed alike)."""
    link = NomadLink.objects.select_related("round").filter(token_hash=token_hash(token)).first()
    if link is None or link.used or not round_is_open(link.round, _today(today)):
        raise NotFoundError(LINK_UNUSABLE, code="link_unusable")
    if link.expires_on < _today(today):
        raise NotFoundError(LINK_UNUSABLE, code="link_unusable")
    return link


@transaction.atomic
def nomad_response_submit(
    *,
    token: str,
    staff_group: str,
    answers: Mapping[str, object],
    today: date | None = None,
) -> None:
    """Store one response and spend the link. Every construct item needs an answer (the
    not-relevant options are answers); the general items may be skipped."""
    link = usable_link(token, today=today)
    problems = {code: [text] for code, text in answer_problems(answers).items()}
    for item in CONSTRUCT_ITEMS:
        if answers.get(item.code) is None and item.code not in problems:
            problems[item.code] = ["Choose an answer (a 'not relevant' option is fine)."]
    if staff_group not in RespondentGroup:
        problems["staff_group"] = ["Choose one of the roles offered."]
    if problems:
        raise DomainError(
            "Some answers need attention.", code="answers_invalid", field_errors=problems
        )
    # Spend the link with a conditional update, so two submissions at once cannot both win.
    spent = NomadLink.objects.filter(pk=link.pk, used=False).update(used=True)
    if spent != 1:
        raise NotFoundError(LINK_UNUSABLE, code="link_unusable")
    NomadResponse.objects.create(
        round=link.round,
        submitted_on=_today(today),
        staff_group=staff_group,
        answers={code: value for code, value in answers.items() if value is not None},
    )
