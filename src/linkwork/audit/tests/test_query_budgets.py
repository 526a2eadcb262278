"""The audit trail export runs as many queries for six events as for two."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.services import audit_record
from linkwork.testing.query_budget import assert_queries_flat, count_matches
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db

EXTRA = "CDEF"  # four more rows after the first two


def add_events(world: SmallWorld, letters: str) -> None:
    """Views of the scheme's records by different staff: each row names its actor."""
    actors = [world.users[Role.LINK_WORKER], world.extra["colleague"], None]
    for n, letter in enumerate(letters):
        audit_record(
            actor=actors[n % len(actors)],
            action="view",
            object_type=f"budget_record_{letter}",
            scheme_id=world.scheme.pk,
        )


def test_audit_export_queries_do_not_grow_with_events(world: SmallWorld) -> None:
    add_events(world, "AB")
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    assert_queries_flat(
        lambda: client.get(reverse("audit:export")),
        add_rows=lambda: add_events(world, EXTRA),
        count_rows=count_matches(r"budget_record_[A-Z]"),
    )
