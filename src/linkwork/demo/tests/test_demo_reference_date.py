"""The demo world is current on the day it is built: its dates run up to its reference date,
which defaults to today, is recorded, and is the day the running demo's clock is set to."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max

from linkwork.demo.context import read_planted
from linkwork.demo.models import DemoBuild
from linkwork.directory.models import Service
from linkwork.episodes.models import Encounter, Referral
from linkwork.outcomes.models import Administration

pytestmark = pytest.mark.django_db


def demo(*args: str) -> str:
    out = StringIO()
    # A fiftieth of the demo: the dates are the point, not the volume.
    call_command("demo", "--scale", "0.02", "--seed", "17", *args, stdout=out)
    return out.getvalue()


def latest_activity() -> date:
    days = [
        Referral.objects.aggregate(day=Max("received_on"))["day"],
        Encounter.objects.aggregate(day=Max("occurred_on"))["day"],
        Administration.objects.aggregate(day=Max("administered_on"))["day"],
    ]
    return max(day for day in days if day is not None)


def test_the_world_is_built_as_of_today_by_default(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    today = date(2027, 2, 16)  # a day in another quarter than the tests' pinned date
    settings.LINKWORK_TODAY = today
    output = demo()
    assert "as of 2027-02-16" in output
    assert set(DemoBuild.objects.values_list("reference_date", flat=True)) == {today}
    assert read_planted()["world"] == {"seed": 17, "reference_date": "2027-02-16"}
    # Activity runs up to the reference date, never beyond it.
    assert today - timedelta(days=7) <= latest_activity() <= today
    assert not Service.objects.filter(capacity_verified_on__gt=today).exists()
    assert read_planted()["implementation_trend"]  # planted for 2026-Q4, the quarter before

    out = StringIO()
    call_command("demo", "--print-reference-date", stdout=out)
    assert out.getvalue().strip() == "2027-02-16"


def test_a_seed_and_reference_date_build_the_same_world_whenever(
    settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    settings.LINKWORK_TODAY = date(2027, 5, 1)
    demo("--reference-date", "2026-10-31")
    assert latest_activity() <= date(2026, 10, 31)
    assert read_planted()["world"]["reference_date"] == "2026-10-31"
    assert "as of 2026-10-31" in demo()  # nothing left to build; the recorded day stands
    with pytest.raises(CommandError, match="built as of 2026-10-31"):
        demo("--reference-date", "2026-11-01")


def test_printing_the_reference_date_needs_a_world() -> None:
    with pytest.raises(CommandError, match="No demo world"):
        call_command("demo", "--print-reference-date", stdout=StringIO())


def test_a_reference_date_must_be_a_date() -> None:
    with pytest.raises(CommandError, match="not a date as YYYY-MM-DD"):
        call_command("demo", "--reference-date", "31/10/2026", stdout=StringIO())
