"""A listed service run by the small world's VCSE, described as meeting a need, so it is
suggested for referrals with that need and closes the loop with its provider."""

from __future__ import annotations

from linkwork.directory.models import Attribute, DirectoryOrganization, Service
from linkwork.directory.needs import need_term_id
from linkwork.directory.services import needs_taxonomy_ensure
from linkwork.testing.world import SmallWorld


def listed_service(
    world: SmallWorld, *, name: str = "Friendship café", need: str = "loneliness_isolation"
) -> Service:
    # The needs taxonomy is seeded by a migration, which a transactional test before this one
    # may have flushed away.
    needs_taxonomy_ensure()
    provider, _ = DirectoryOrganization.objects.get_or_create(
        name=world.vcse.name, registry_organisation=world.vcse
    )
    service = Service.objects.create(name=name, organization=provider, region=world.england)
    Attribute.objects.create(
        link_type="service", link_ref=service.pk, taxonomy_term_id=need_term_id(need)
    )
    return service
