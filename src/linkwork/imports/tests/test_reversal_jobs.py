"""Reversing an import from its page: the worker does it in the background, all or nothing;
a reversal something blocks puts the import back as it was and the page says why in the
words the manager uses; one a dead worker left is put back, nothing removed."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.roles import Role
from linkwork.episodes.models import Encounter, Referral, ReferralEvent
from linkwork.imports.jobs import import_jobs_recover, reversal_job
from linkwork.imports.models import ImportedRecord, ImportRun
from linkwork.imports.reversal import REVERSAL_INTERRUPTED
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld, build_small_world

from .test_import_pages import example, manager, upload, upload_valid_rows

pytestmark = pytest.mark.django_db

DEAD = f"{socket.gethostname()}:4999999"


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


@pytest.fixture(autouse=True)
def var_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(VAR_DIR=tmp_path):
        yield tmp_path


def imported(world: SmallWorld, client: Client) -> ImportRun:
    run = upload_valid_rows(client, world)
    client.post(reverse("imports:start", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert run.created > 0
    return run


def page(client: Client, run: ImportRun) -> str:
    return client.get(reverse("imports:run", args=[run.pk])).content.decode().replace("\n", " ")


def test_the_page_asks_and_the_worker_reverses(world: SmallWorld, settings: Any) -> None:
    client = manager(world)
    run = imported(world, client)
    settings.LINKWORK_RUN_JOBS_INLINE = False  # the worker, not the request, reverses it
    people = Person.objects.filter(scheme=world.scheme).count()
    client.post(reverse("imports:reverse", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REVERSING
    assert Person.objects.filter(scheme=world.scheme).count() == people  # nothing yet
    shown = page(client, run)
    assert "Waiting to start the reversal" in shown
    assert "every 1s" in shown  # the page follows it
    # Asked twice (a double click, a second tab): still one reversal.
    client.post(reverse("imports:reverse", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REVERSING

    reversal_job(run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REVERSED
    assert run.reversed_by == world.users[Role.SCHEME_MANAGER]
    assert not Person.objects.filter(scheme=world.scheme).exists()
    assert not ImportedRecord.objects.filter(import_run=run).exists()
    assert "Reversed on" in page(client, run)
    reversal_job(run.pk)  # delivered twice: nothing more happens
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REVERSED


def test_a_blocked_reversal_says_why_and_keeps_everything(world: SmallWorld) -> None:
    client = manager(world)
    run = imported(world, client)
    referral = Referral.objects.filter(scheme=world.scheme).first()
    assert referral is not None
    Encounter.objects.create(
        scheme=world.scheme,
        person=referral.person,
        referral=referral,
        occurred_on=referral.received_on,
        mode="telephone",
        duration_minutes=20,
        recorded_by=world.users[Role.LINK_WORKER],
    )
    people = Person.objects.filter(scheme=world.scheme).count()
    client.post(reverse("imports:reverse", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert run.reversed_by is None
    assert Person.objects.filter(scheme=world.scheme).count() == people
    assert ImportedRecord.objects.filter(import_run=run).exists()
    shown = page(client, run)
    assert "The import was not reversed" in shown
    assert (
        "1 session added since it was imported refers to referrals and people it created" in shown
    ), run.reversal_error
    assert reverse("imports:reverse", args=[run.pk]) in shown  # can be tried again


def test_a_reversal_a_dead_worker_left_is_put_back(world: SmallWorld) -> None:
    client = manager(world)
    run = imported(world, client)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.REVERSING,
        status_before_reversal=ImportRun.Status.DONE,
        reversed_by=world.users[Role.SCHEME_MANAGER],
        worker=DEAD,
    )
    waiting = ImportRun.objects.create(
        scheme=world.scheme,
        requested_by=world.users[Role.SCHEME_MANAGER],
        profile_name="case-management",
        checksum="0" * 64,
        status=ImportRun.Status.REVERSING,
        status_before_reversal=ImportRun.Status.DONE,
        chunks_done=1,
    )
    assert import_jobs_recover() == 1
    run.refresh_from_db()
    assert (run.status, run.reversal_error) == (ImportRun.Status.DONE, REVERSAL_INTERRUPTED)
    assert run.reversed_by is None
    waiting.refresh_from_db()
    assert waiting.status == ImportRun.Status.REVERSING  # not started: still in the queue
    assert Person.objects.filter(scheme=world.scheme).exists()


def test_anything_outside_the_import_pointing_at_it_blocks(world: SmallWorld) -> None:
    """Every relation counts, not only those the pages show: here a person merged into one
    the import created (a self-reference) and a timeline entry a link worker's change added."""
    client = manager(world)
    run = imported(world, client)
    created = Person.objects.get(
        pk=ImportedRecord.objects.filter(import_run=run, kind="person").values("object_id")[:1]
    )
    duplicate = Person.objects.get(pk=created.pk)
    duplicate.pk = None
    duplicate.merged_into = created
    duplicate.save()
    referral = Referral.objects.filter(person=created).first()
    assert referral is not None
    ReferralEvent.objects.create(
        scheme=world.scheme, referral=referral, kind="note", at=timezone.now(), data={}
    )
    client.post(reverse("imports:reverse", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert run.reversal_error == (
        "This import cannot be reversed: 1 person added since it was imported refers to "
        "people it created; 1 timeline entry added since it was imported refers to referrals "
        "it created. Remove those first, or leave the import in place."
    )
    assert Person.objects.filter(pk=created.pk).exists()
    ReferralEvent.objects.filter(kind="note").delete()
    duplicate.delete()
    client.post(reverse("imports:reverse", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REVERSED
    assert not Person.objects.filter(pk=created.pk).exists()


def test_an_import_that_wrote_nothing_cannot_be_reversed(world: SmallWorld) -> None:
    client = manager(world)
    run = upload_valid_rows(client, world)
    response = client.post(reverse("imports:reverse", args=[run.pk]), follow=True)
    shown = response.content.decode()
    assert "Only a finished import that wrote records can be reversed" in shown
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UPLOADED


def test_a_failed_import_that_wrote_parts_can_be_reversed(world: SmallWorld) -> None:
    client = manager(world)
    run = imported(world, client)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.FAILED, error="The import stopped part-way.", chunks_done=1
    )
    shown = page(client, run)
    assert "before it stopped" in shown
    client.post(reverse("imports:reverse", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REVERSED


def test_an_import_that_created_nothing_offers_no_reversal(world: SmallWorld) -> None:
    client = manager(world)
    imported(world, client)
    # The same export again: everything in it is already here.
    upload(
        client,
        world,
        example("case-management-example.csv"),
        profile="case-management",
        skip_invalid="on",
    )
    run = ImportRun.objects.latest("created_at")
    client.post(reverse("imports:start", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.created) == (ImportRun.Status.DONE, 0)
    shown = page(client, run)
    assert "so there is nothing to reverse" in shown
    assert reverse("imports:reverse", args=[run.pk]) not in shown
    response = client.post(reverse("imports:reverse", args=[run.pk]), follow=True)
    assert "This import created no records" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE


def test_a_later_import_that_matched_its_people_is_to_be_reversed_first(
    world: SmallWorld,
) -> None:
    client = manager(world)
    run = imported(world, client)
    person = ImportedRecord.objects.filter(import_run=run, kind="person").first()
    assert person is not None
    later = ImportRun.objects.create(
        scheme=world.scheme,
        requested_by=world.users[Role.SCHEME_MANAGER],
        profile_name="gp-system-snomed",
        checksum="1" * 64,
        status=ImportRun.Status.DONE,
    )
    ImportedRecord.objects.create(
        scheme=world.scheme,
        import_run=later,
        person_id=person.person_id,
        source_system="gp-system-snomed",
        kind="person",
        source_id="9434765919",
        object_id=person.person_id,
        action=ImportedRecord.Action.MATCHED,
    )
    client.post(reverse("imports:reverse", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert "1 record of a later import added since it was imported refers to people" in (
        run.reversal_error
    )
    assert "Reverse the later imports first (newest first)" in run.reversal_error
