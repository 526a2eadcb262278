"""Fetch-and-authorise for the directory. Directory data is not personal: any signed-in
user may read it. Only scheme managers (for services in their regions) and system
administrators (for all) may see what needs checking and update capacity."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import organisation_ids_for, scheme_ids_for, user_roles
from linkwork.core.errors import NotFoundError
from linkwork.directory.models import Service
from linkwork.directory.selectors import service_get
from linkwork.organisations.models import Organisation, Scheme

_MANAGERS = frozenset({Role.SCHEME_MANAGER})


def managed_region_ids(*, user: User) -> set[uuid.UUID] | None:
    """Regions whose directory entries the user looks after: None means every region (a
    system administrator); an empty set means none."""
    if Role.SYSTEM_ADMIN in user_roles(user=user):
        return None
    schemes = scheme_ids_for(user=user, roles=_MANAGERS)
    organisations = organisation_ids_for(user=user, roles=_MANAGERS)
    regions = set(Scheme.objects.filter(pk__in=schemes).values_list("region_id", flat=True))
    regions |= set(
        Organisation.objects.filter(pk__in=organisations).values_list("region_id", flat=True)
    )
    return regions


def can_maintain_service(*, user: User, service: Service) -> bool:
    regions = managed_region_ids(user=user)
    return regions is None or (service.region_id is not None and service.region_id in regions)


def stale_regions_for_user(*, user: User) -> set[uuid.UUID] | None:
    """The regions whose stale entries the user may see (None: all). Raises PermissionDenied
    for roles that do not maintain the directory."""
    regions = managed_region_ids(user=user)
    if regions is not None and not regions:
        raise PermissionDenied("Only scheme managers and system administrators check entries.")
    return regions


def service_get_for_user(*, user: User, service_id: uuid.UUID, maintain: bool = False) -> Service:
    """The service, or 404. With `maintain`, 403 unless the user looks after its region."""
    try:
        service = service_get(service_id=service_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    if maintain and not can_maintain_service(user=user, service=service):
        raise PermissionDenied("Only the region's scheme managers can update this service.")
    return service
