"""Fixtures for the implementation tests."""

from __future__ import annotations

import pytest

from linkwork.implementation.tests.helpers import Cast, make_cast
from linkwork.testing.world import SmallWorld


@pytest.fixture
def cast(world: SmallWorld) -> Cast:
    """The small world's cast plus a second link worker in the same scheme."""
    return make_cast(world)
