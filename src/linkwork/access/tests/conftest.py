from __future__ import annotations

import pytest

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.testing.world import SmallWorld, make_user, refer


@pytest.fixture
def admin(world: SmallWorld) -> User:
    return world.users[Role.SYSTEM_ADMIN]


@pytest.fixture
def second_admin(world: SmallWorld) -> User:
    return make_user(
        "sysadmin2",
        role=Role.SYSTEM_ADMIN,
        organisation=world.icb,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def referral(world: SmallWorld) -> Referral:
    return refer(world)
