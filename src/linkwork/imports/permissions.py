"""Who may import into a scheme, and fetch-and-authorise for imports: only the scheme's
managers; anyone else gets 404, as if the import did not exist."""

from __future__ import annotations

import uuid

from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import scheme_ids_for
from linkwork.imports.models import ImportRun
from linkwork.organisations.models import Scheme

MANAGERS = frozenset({Role.SCHEME_MANAGER})


def importable_schemes(*, user: User) -> list[Scheme]:
    """The schemes the user manages, so may import into."""
    return list(Scheme.objects.filter(pk__in=scheme_ids_for(user=user, roles=MANAGERS)))


def can_import(*, user: User, scheme: Scheme) -> bool:
    return scheme.pk in scheme_ids_for(user=user, roles=MANAGERS)


def scheme_for_import(*, user: User, slug: str) -> Scheme:
    scheme = Scheme.objects.filter(slug=slug).first()
    if scheme is None or not can_import(user=user, scheme=scheme):
        raise Http404("No such scheme.")
    return scheme


def import_run_for_user(*, user: User, run_id: uuid.UUID) -> ImportRun:
    """An import into one of the user's schemes; 404 for any other."""
    run = (
        ImportRun.objects.select_related("scheme", "requested_by")
        .filter(pk=run_id, scheme_id__in=scheme_ids_for(user=user, roles=MANAGERS))
        .first()
    )
    if run is None:
        raise Http404("No such import.")
    return run
