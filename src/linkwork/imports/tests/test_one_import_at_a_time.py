"""Two imports into one scheme never run at once (each would write what the other is
writing): the second waits, saying so on its page, and starts when the first ends; one that
waits too long fails with the reason, writing nothing. A run whose worker died holds nothing."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from linkwork.accounts.roles import Role
from linkwork.imports import services
from linkwork.imports.harmonise.problems import ImportInputError
from linkwork.imports.harmonise.profile import load_profile
from linkwork.imports.models import ImportRun
from linkwork.imports.services import import_run_create, import_run_execute
from linkwork.people.models import Person
from linkwork.testing.world import SmallWorld

from .conftest import GOOD_ROW, swemwbs_world

pytestmark = pytest.mark.django_db

ALIVE = f"{socket.gethostname()}:{os.getpid()}"
DEAD = f"{socket.gethostname()}:4999999"


@pytest.fixture
def world() -> SmallWorld:
    return swemwbs_world()


def running(world: SmallWorld, worker: str) -> ImportRun:
    return ImportRun.objects.create(
        scheme=world.scheme,
        requested_by=world.users[Role.SCHEME_MANAGER],
        profile_name="case-management",
        files=[{"name": "first.csv", "sha256": "0" * 64}],
        checksum="0" * 64,
        status=ImportRun.Status.RUNNING,
        worker=worker,
    )


def second(world: SmallWorld, path: Path) -> ImportRun:
    profile = load_profile("case-management")
    run = import_run_create(
        scheme=world.scheme,
        actor=world.users[Role.SCHEME_MANAGER],
        profile=profile,
        paths=[path],
        skip_invalid=False,
    )
    return import_run_execute(run=run, profile=profile, paths=[path])


def test_the_second_waits_for_the_first_then_imports(
    world: SmallWorld, case_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = running(world, ALIVE)
    seen: list[str] = []

    def first_ends(seconds: float) -> None:
        waiting = ImportRun.objects.exclude(pk=first.pk).get()
        seen.append(waiting.step)
        ImportRun.objects.filter(pk=first.pk).update(status=ImportRun.Status.DONE)

    monkeypatch.setattr(services.time, "sleep", first_ends)
    run = second(world, case_file(GOOD_ROW))
    assert seen == ["Waiting for another import into this scheme to finish"]
    assert run.status == ImportRun.Status.DONE
    assert Person.objects.filter(scheme=world.scheme).count() == 1


def test_one_waiting_too_long_fails_with_the_reason(
    world: SmallWorld, case_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    running(world, ALIVE)
    monkeypatch.setattr(services, "WAIT_FOR_SCHEME_SECONDS", 0.0)
    with pytest.raises(ImportInputError, match="Another import into this scheme"):
        second(world, case_file(GOOD_ROW))
    run = ImportRun.objects.exclude(status=ImportRun.Status.RUNNING).get()
    assert run.status == ImportRun.Status.FAILED
    assert "(of first.csv) was still running after an hour" in run.error
    assert not Person.objects.filter(scheme=world.scheme).exists()


def test_a_run_whose_worker_died_holds_nothing(
    world: SmallWorld, case_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    running(world, DEAD)
    monkeypatch.setattr(services, "WAIT_FOR_SCHEME_SECONDS", 0.0)
    assert second(world, case_file(GOOD_ROW)).status == ImportRun.Status.DONE


def test_another_schemes_import_does_not_wait(
    world: SmallWorld, case_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ImportRun.objects.filter(pk=running(world, ALIVE).pk).update(scheme=world.scot_scheme)
    monkeypatch.setattr(services, "WAIT_FOR_SCHEME_SECONDS", 0.0)
    assert second(world, case_file(GOOD_ROW)).status == ImportRun.Status.DONE
