"""A walking group of the small world's scheme and three people on its caseload."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.groups.models import GroupActivity
from linkwork.groups.services import SessionDetails, group_activity_create
from linkwork.testing.world import SmallWorld, refer_and_start

NAMES = ("Lovelace", "Hopper", "Turing")


@pytest.fixture
def walking(world: SmallWorld) -> GroupActivity:
    return group_activity_create(
        scheme=world.scheme,
        actor=world.users[Role.LINK_WORKER],
        name="Tuesday walking group",
        kind="walking",
    )


@pytest.fixture
def three(world: SmallWorld) -> list[Referral]:
    return [
        refer_and_start(
            world,
            person={"family_name": name},
            received_on=timezone.localdate() - timedelta(days=30),
        )
        for name in NAMES
    ]


def details(world: SmallWorld, attendees: list[Referral], **overrides: object) -> SessionDetails:
    fields: dict[str, object] = {
        "facilitator": world.users[Role.LINK_WORKER],
        "occurred_on": timezone.localdate() - timedelta(days=2),
        "place": "Heaton Park main gates",
        "duration_minutes": 60,
        "attendees": attendees,
        "others": 2,
    }
    fields.update(overrides)
    return SessionDetails(**fields)  # type: ignore[arg-type]
