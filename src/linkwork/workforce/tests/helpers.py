"""A post in the small world with a line manager who is not the scheme's other manager."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.test import Client

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.core.clock import today
from linkwork.testing.world import SmallWorld, make_user
from linkwork.workforce.models import LinkWorkerPost
from linkwork.workforce.services import post_create


def make_team_lead(world: SmallWorld) -> User:
    return make_user(
        "teamlead", role=Role.SCHEME_MANAGER, organisation=world.pcn, scheme=world.scheme
    )


def make_post(
    world: SmallWorld,
    *,
    line_manager: User | None = None,
    holder: User | None = None,
    started_on: date | None = None,
    hours: str = "37.5",
) -> LinkWorkerPost:
    return post_create(
        actor=world.users[Role.SCHEME_MANAGER],
        scheme=world.scheme,
        holder=holder or world.users[Role.LINK_WORKER],
        line_manager=line_manager,
        employer=world.pcn,
        contracted_hours=Decimal(hours),
        started_on=started_on or today() - timedelta(days=400),
        practices=[world.practice],
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
