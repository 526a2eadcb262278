"""Fetch-and-authorise for people's records. Every read is audited."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.scope import scope_for
from linkwork.audit.services import audit_record
from linkwork.people.models import Person


def person_list_for(*, user: User) -> QuerySet[Person]:
    """The people whose records this user may open: those of their own schemes."""
    return Person.objects.filter(
        scheme_id__in=scope_for(user).casework_schemes, merged_into__isnull=True
    )


def person_get_for_user(*, user: User, person_id: uuid.UUID, purpose: str = "view") -> Person:
    """The person, if this user may see them; 404 otherwise (the same answer as 'no such
    person', so records cannot be probed). Records the read in the audit trail."""
    person = (
        Person.objects.select_related("scheme", "scheme__region", "practice")
        .filter(pk=person_id, scheme_id__in=scope_for(user).casework_schemes)
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
