"""Reads of people's records: the matching key, possible duplicates, and a known person found
by their NHS or CHI number."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.core.extensions import EpisodeEnds, person_episode_ends
from linkwork.identifiers import IdentifierError, compact_number, normalise_postcode
from linkwork.organisations.models import Scheme
from linkwork.people.matching import PersonKey, match_reason
from linkwork.people.models import Consent, Person, PersonCorrection
from linkwork.people.permissions import managed_people_for
from linkwork.people.retention import RetentionState, retention_state

if TYPE_CHECKING:
    from linkwork.people.services import PersonDetails


def person_key(details: PersonDetails | Person) -> PersonKey:
    postcode = details.postcode
    try:
        postcode = normalise_postcode(postcode) if postcode else ""
    except IdentifierError:
        postcode = ""
    return PersonKey(
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        nhs_number=compact_number(details.nhs_number),
        chi_number=compact_number(details.chi_number),
        postcode=postcode,
        number_to_confirm=getattr(details, "number_to_confirm", ""),
    )


def person_find_duplicates(
    *, scheme: Scheme, key: PersonKey, exclude: Person | None = None
) -> list[tuple[Person, str]]:
    """Possible duplicates in the scheme, with the reason each was matched."""
    candidates = Person.objects.filter(scheme=scheme, merged_into__isnull=True)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    narrowed = (
        candidates.filter(date_of_birth=key.date_of_birth)
        if key.date_of_birth is not None
        else candidates.none()
    )
    if key.nhs_number:
        narrowed = narrowed | candidates.filter(nhs_number=key.nhs_number)
    if key.chi_number:
        narrowed = narrowed | candidates.filter(chi_number=key.chi_number)
    if key.number_to_confirm:
        narrowed = narrowed | candidates.filter(
            Q(nhs_number=key.number_to_confirm) | Q(chi_number=key.number_to_confirm)
        )
    matches = []
    for person in narrowed.distinct():
        reason = match_reason(key, person_key(person))
        if reason:
            matches.append((person, reason))
    return matches


def person_find_by_number(*, scheme: Scheme, key: PersonKey) -> Person | None:
    """The person already known to the scheme by this NHS or CHI number, if any.

    Only the number is matched here; the caller decides what a different date of birth means.
    """
    for number_field in ("nhs_number", "chi_number"):
        number = getattr(key, number_field)
        if number:
            found = (
                Person.objects.filter(
                    scheme=scheme, merged_into__isnull=True, **{number_field: number}
                )
                .order_by("created_at")
                .first()
            )
            if found is not None:
                return found
    return None


def consents_of(*, person: Person) -> QuerySet[Consent]:
    return person.consents.select_related("organisation", "recorded_by").order_by(
        "recorded_on", "created_at"
    )


def retention_of(people: Iterable[Person]) -> dict[Any, RetentionState]:
    """Each person's retention state, from their scheme's period and their episodes."""
    people = list(people)
    ends: dict[Any, EpisodeEnds] = {}
    for provider in person_episode_ends.providers:
        ends.update(provider([p.pk for p in people]))
    states = {}
    for person in people:
        end = ends.get(person.pk)
        states[person.pk] = retention_state(
            years=person.scheme.retention_years,
            last_ended_on=end.last_ended_on if end else None,
            any_open=end.any_open if end else False,
            created_on=timezone.localdate(person.created_at),
        )
    return states


@dataclass(frozen=True, slots=True)
class RetentionRow:
    person: Person
    state: RetentionState


def people_past_retention(*, user: User | None, today: date) -> list[RetentionRow]:
    """Records kept longer than their scheme's retention period, oldest first, for a manager
    to review (erase, or hold with a reason). Nothing is deleted automatically. `user` None
    (the command line) means every scheme."""
    people = Person.objects.filter(merged_into__isnull=True, erased_at__isnull=True)
    if user is not None:
        people = people & managed_people_for(user=user)
    people = people.select_related("scheme")
    states = retention_of(people)
    rows = [
        RetentionRow(person, states[person.pk])
        for person in people
        if states[person.pk].expired(today)
    ]
    return sorted(rows, key=lambda row: (row.state.keep_until or today, row.person.pk))


def corrections_of(*, person: Person) -> QuerySet[PersonCorrection]:
    return person.corrections.select_related("corrected_by").order_by("-corrected_at")
