"""Fixtures for the task tests: the cast, and a way to list the tasks a rule raised."""

from __future__ import annotations

import pytest

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.tasks.models import Task
from linkwork.testing.world import SmallWorld


@pytest.fixture
def link_worker(world: SmallWorld) -> User:
    return world.users[Role.LINK_WORKER]


@pytest.fixture
def manager(world: SmallWorld) -> User:
    return world.users[Role.SCHEME_MANAGER]


def raised(kind: str) -> list[Task]:
    return list(Task.objects.filter(kind=kind).order_by("created_at"))
