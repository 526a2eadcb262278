"""Fetch-and-authorise for people's records. Every read is audited."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record
from linkwork.people.models import Person


def unrestricted_or_managed(*, user: User, person: str = "person__") -> Q:
    """Rows about people whose processing is not restricted, or of schemes this user manages.

    A restricted record (UK GDPR Article 18) is hidden from everyone but the scheme's managers:
    every selector and fetch of a person's data adds this filter, so the record disappears from
    pages, lists, search, the API and exports alike rather than being hidden in templates.
    `person` is the path from the queried model to its Person ("" for Person itself)."""
    return Q(**{f"{person}restricted": False}) | Q(
        **{f"{person}scheme_id__in": scope_for(user).managed_schemes}
    )


def person_visible_to(*, user: User, person: Person) -> bool:
    return not person.restricted or person.scheme_id in scope_for(user).managed_schemes


def person_list_for(*, user: User) -> QuerySet[Person]:
    """The people whose records this user may open: those of their own schemes, less any
    restricted record in a scheme they do not manage."""
    return Person.objects.filter(
        unrestricted_or_managed(user=user, person=""),
        scheme_id__in=scope_for(user).casework_schemes,
        merged_into__isnull=True,
    )


def person_get_for_user(*, user: User, person_id: uuid.UUID, purpose: str = "view") -> Person:
    """The person, if this user may see them; 404 otherwise (the same answer as 'no such
    person', so records cannot be probed). Records the read in the audit trail."""
    person = (
        Person.objects.select_related("scheme", "scheme__region", "practice")
        .filter(pk=person_id, scheme_id__in=scope_for(user).casework_schemes)
        .filter(unrestricted_or_managed(user=user, person=""))
        .first()
    )
    if person is None:
        raise Http404("No such person.")
    audit_record(
        actor=user,
        action="view",
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        scheme_id=person.scheme_id,
        detail={"purpose": purpose},
    )
    return person


def person_get_for_manager(*, user: User, person_id: uuid.UUID, purpose: str) -> Person:
    """The person, for a data-rights action only the scheme's managers take: 404 for anyone
    who cannot see the record, 403 for a link worker who can."""
    person = person_get_for_user(user=user, person_id=person_id, purpose=purpose)
    if person.scheme_id not in scope_for(user).managed_schemes:
        raise PermissionDenied("Only the scheme's managers can do this.")
    return person


def managed_people_for(*, user: User) -> QuerySet[Person]:
    """Every person of the schemes this user manages, restricted or not."""
    return Person.objects.filter(
        scheme_id__in=scope_for(user).managed_schemes, merged_into__isnull=True
    )
