"""A GP practice system and a VCSE provider's system, each an API client with its token."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from linkwork.accounts.api_clients import api_client_register
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.directory.models import DirectoryOrganization, Service
from linkwork.episodes.models import Connection
from linkwork.episodes.services.connections import connection_create
from linkwork.fhir.tests.builders import PRACTICE_ODS, PROVIDER_ODS
from linkwork.testing.world import SmallWorld, refer_and_start


@dataclass
class Parties:
    world: SmallWorld
    gp_token: str
    gp_user: User
    provider_token: str
    provider_user: User
    service: Service


@pytest.fixture
def parties(world: SmallWorld) -> Parties:
    world.practice.code = PRACTICE_ODS
    world.practice.save(update_fields=["code"])
    world.vcse.code = PROVIDER_ODS
    world.vcse.save(update_fields=["code"])
    gp, gp_token = api_client_register(
        name="Mill Street EMIS", organisation_id=world.practice.pk, role=Role.REFERRER_GP
    )
    provider, provider_token = api_client_register(
        name="Community Links CRM", organisation_id=world.vcse.pk, role=Role.VCSE_WORKER
    )
    listed = DirectoryOrganization.objects.create(
        name="Testshire Community Links", registry_organisation=world.vcse
    )
    service = Service.objects.create(
        name="Friendship café", organization=listed, region=world.england
    )
    return Parties(world, gp_token, gp.user, provider_token, provider.user, service)


def connect(parties: Parties, shared: list[str] | None = None, **person: object) -> Connection:
    """A started episode connected to the provider's listed service, sharing `shared`."""
    referral = refer_and_start(parties.world, person=person or None)
    return connection_create(
        referral=referral,
        actor=parties.world.users[Role.LINK_WORKER],
        kind="referral",
        need="loneliness_isolation",
        service=parties.service,
        consent=True,
        shared=["name", "reason"] if shared is None else shared,
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
