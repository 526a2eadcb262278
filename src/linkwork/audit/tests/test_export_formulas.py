"""The audit trail export does not hand a spreadsheet formulas planted in names or details."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.audit.services import audit_record
from linkwork.testing.world import SmallWorld

pytestmark = pytest.mark.django_db


def test_hostile_text_in_the_audit_export_is_neutralised(world: SmallWorld) -> None:
    actor = world.users[Role.LINK_WORKER]
    actor.username = "=cmd|' /C calc'!A0"
    actor.save()
    audit_record(
        actor=actor,
        action="view",
        object_type='=HYPERLINK("http://evil.example","x")',
        scheme_id=world.scheme.pk,
    )
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    response = client.get(reverse("audit:export"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    planted = next(row for row in rows if "HYPERLINK" in row["object_type"])
    assert planted["actor"] == "'=cmd|' /C calc'!A0"
    assert planted["object_type"] == '\'=HYPERLINK("http://evil.example","x")'
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
