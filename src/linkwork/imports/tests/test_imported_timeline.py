"""An imported episode's timeline says what the source system recorded, on its days, and
that the episode was imported, from which source, when and by whom."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Referral
from linkwork.imports.models import ImportRun
from linkwork.testing.visible import raw_codes_in, visible_text
from linkwork.testing.world import SmallWorld

from .conftest import GOOD_ROW, swemwbs_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallWorld:
    return swemwbs_world()


def timeline_of(world: SmallWorld, referral: Referral) -> list[str]:
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    html = client.get(reverse("episodes:referral_detail", args=[referral.pk])).content.decode()
    start = html.index('data-testid="timeline"')
    items = html[start : html.index("</ol>", start)].split("<li>")[1:]
    return [visible_text(item).strip() for item in items]


def imported(world: SmallWorld, path: Path) -> Referral:
    manager = world.users[Role.SCHEME_MANAGER]
    call_command(
        "import", "scheme", "--profile", "case-management", "--scheme", world.scheme.slug,
        "--as", manager.username, str(path),
    )  # fmt: skip
    return Referral.objects.get(scheme=world.scheme)


def test_a_closed_imported_episode_says_when_it_was_received_closed_and_imported(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    closed = {**GOOD_ROW, "Closed Date": "28/03/2025", "Closure Reason": "Goals achieved"}
    referral = imported(world, case_file(closed))
    run = ImportRun.objects.get()
    assert run.finished_at is not None
    manager = world.users[Role.SCHEME_MANAGER]
    when = timezone.localtime(run.finished_at).strftime("%-d %b %Y %H:%M")
    assert timeline_of(world, referral) == [
        "3 Jan 2025 Referral received from GP: imported from case-management",
        "28 Mar 2025 Discharged: Goals met",
        f"{when} Imported from case-management · {manager}",
    ]


def test_an_open_imported_episode_is_active_from_its_first_session(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    referral = imported(world, case_file(GOOD_ROW))
    timeline = timeline_of(world, referral)
    assert timeline[:2] == [
        "3 Jan 2025 Referral received from GP: imported from case-management",
        "14 Jan 2025 Active",
    ]
    assert timeline[2].endswith(
        "Imported from case-management · " + str(world.users[Role.SCHEME_MANAGER])
    )
    assert raw_codes_in(" ".join(timeline)) == []


def test_a_later_export_that_closes_the_episode_adds_it_to_the_timeline(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    referral = imported(world, case_file(GOOD_ROW))
    closed = {**GOOD_ROW, "Closed Date": "28/03/2025", "Closure Reason": "Goals achieved"}
    imported(world, case_file(closed, name="later.csv"))
    referral.refresh_from_db()
    assert referral.status == "discharged"
    timeline = timeline_of(world, referral)
    assert "28 Mar 2025 Discharged: Goals met" in timeline, timeline
    assert timeline.index("14 Jan 2025 Active") < timeline.index(
        "28 Mar 2025 Discharged: Goals met"
    )
    # The same export a third time changes nothing, and says nothing more.
    imported(world, case_file(closed, name="again.csv"))
    assert timeline_of(world, referral).count("28 Mar 2025 Discharged: Goals met") == 1


def test_the_import_that_created_an_episode_a_later_one_closed_can_still_be_reversed(
    world: SmallWorld, case_file: Callable[..., Path]
) -> None:
    imported(world, case_file(GOOD_ROW))
    first = ImportRun.objects.get()
    closed = {**GOOD_ROW, "Closed Date": "28/03/2025", "Closure Reason": "Goals achieved"}
    imported(world, case_file(closed, name="later.csv"))
    call_command("import", "reverse", str(first.pk), "--as", "manager")
    first.refresh_from_db()
    assert first.status == ImportRun.Status.REVERSED
    assert not Referral.objects.filter(scheme=world.scheme).exists()
