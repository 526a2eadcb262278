"""A background import left running by a worker that died is queued again (what it wrote is
skipped), or marked failed with the reason once it has been tried twice."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from linkwork.accounts.roles import Role
from linkwork.imports import jobs
from linkwork.imports.jobs import import_jobs_recover
from linkwork.imports.models import ImportRun
from linkwork.imports.services import interrupted_runs_fail
from linkwork.testing.world import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db

# A process id no process has (above Linux's limit), on this machine: a dead worker.
DEAD = f"{socket.gethostname()}:4999999"


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


def left_running(world: SmallWorld, folder: Path, attempts: int) -> ImportRun:
    folder.mkdir(parents=True, exist_ok=True)
    return ImportRun.objects.create(
        scheme=world.scheme,
        requested_by=world.users[Role.SCHEME_MANAGER],
        profile_name="case-management",
        files=[{"name": "a.csv", "sha256": "0" * 64}],
        checksum="0" * 64,
        upload_dir=str(folder),
        status=ImportRun.Status.RUNNING,
        worker=DEAD,
        attempts=attempts,
        chunks_done=2,
        chunks_total=5,
    )


def test_an_interrupted_job_is_queued_again(world: SmallWorld, tmp_path: Path) -> None:
    run = left_running(world, tmp_path / "imports" / "one", attempts=1)
    assert import_jobs_recover() == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.QUEUED


def test_a_job_interrupted_twice_fails_with_the_reason(world: SmallWorld, tmp_path: Path) -> None:
    run = left_running(world, tmp_path / "imports" / "two", attempts=2)
    assert import_jobs_recover() == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "after 2 of 5 part(s)" in run.error


def test_a_command_line_run_left_running_is_failed_before_the_next(world: SmallWorld) -> None:
    run = ImportRun.objects.create(
        scheme=world.scheme,
        requested_by=world.users[Role.SCHEME_MANAGER],
        profile_name="case-management",
        checksum="0" * 64,
        status=ImportRun.Status.RUNNING,
        worker=DEAD,
    )
    assert interrupted_runs_fail(scheme_id=world.scheme.pk) == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "Import the same files again" in run.error


def test_a_run_waiting_for_its_scheme_when_its_worker_died_is_queued_again(
    world: SmallWorld, tmp_path: Path
) -> None:
    run = left_running(world, tmp_path / "imports" / "waiting", attempts=0)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)
    assert import_jobs_recover() == 1
    run.refresh_from_db()
    assert (run.status, run.worker) == (ImportRun.Status.QUEUED, "")


@pytest.mark.parametrize(
    ("done", "said"),
    [(0, "Nothing was written."), (2, "The 2 of 5 parts written before it stopped are kept.")],
)
def test_a_fault_of_our_own_says_what_was_left_and_not_to_retry(
    world: SmallWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, done: int, said: str
) -> None:
    run = left_running(world, tmp_path / "imports" / "fault", attempts=1)
    ImportRun.objects.filter(pk=run.pk).update(chunks_done=done)

    def broken(**_: object) -> None:
        raise RuntimeError("a fault in the import itself")

    monkeypatch.setattr(jobs, "import_run_execute", broken)
    monkeypatch.setattr(jobs, "run_profile", lambda run: None)
    monkeypatch.setattr(jobs, "run_files", lambda run: [])
    jobs.run_job(run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert said in run.error
    assert "Try again later" not in run.error
    assert ("Nothing was written" in run.error) == (done == 0)
