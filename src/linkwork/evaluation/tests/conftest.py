from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.episodes.services.discharge import referral_discharge
from linkwork.episodes.services.encounters import encounter_record
from linkwork.testing.world import SmallWorld, refer, refer_and_start


def json_report(out: Path, *options: str) -> dict[str, Any]:
    """The evaluation report as JSON, made by the command with the given options."""
    call_command(
        "report",
        "evaluation",
        "--format",
        "json",
        "--quiet",
        "--out",
        str(out),
        *options,
        stdout=StringIO(),
    )
    return json.loads(out.read_text())


@pytest.fixture
def casework(world: SmallWorld) -> SmallWorld:
    """The small world with a dozen episodes in various states."""
    worker = world.users[Role.LINK_WORKER]
    today = timezone.localdate()
    for index in range(12):
        referral = refer_and_start(
            world,
            person={"given_name": f"Person{index}", "postcode": ""},
            received_on=today - timedelta(days=60 + index),
        )
        for session in range(index % 4 + 1):
            encounter_record(
                referral=referral,
                actor=worker,
                occurred_on=today - timedelta(days=50 - session * 7),
                mode="telephone",
                duration_minutes=30,
                notes="Private note that must never be exported.",
            )
        if index % 3 == 0:
            referral_discharge(referral=referral, actor=worker, reason="goals_met")
    refer(world, person={"given_name": "Declined"}, source="dwp")
    return world
