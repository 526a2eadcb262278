"""The worker's clock: each periodic job runs at the first look, then once its interval has
passed; an interval of 0 turns it off; a job that fails does not stop the others and is tried
again after a few minutes."""

from __future__ import annotations

import logging

import pytest

from linkwork.core.extensions import periodic_jobs
from linkwork.core.scheduling import PeriodicJob, Scheduler


def job(name: str, every: int, ran: list[str], settings: pytest.FixtureRequest) -> PeriodicJob:
    setattr(settings, f"TEST_{name.upper()}_EVERY", every)

    def run() -> str:
        ran.append(name)
        return f"{name} done"

    return PeriodicJob(name, f"TEST_{name.upper()}_EVERY", 999, run)


def test_each_job_runs_first_then_at_its_interval(settings: pytest.FixtureRequest) -> None:
    ran: list[str] = []
    scheduler = Scheduler((job("often", 60, ran, settings), job("rarely", 600, ran, settings)))
    assert scheduler.run_due(1000.0) == ["often: often done", "rarely: rarely done"]
    assert scheduler.run_due(1059.0) == []
    assert scheduler.run_due(1060.0) == ["often: often done"]
    assert scheduler.run_due(1600.0) == ["often: often done", "rarely: rarely done"]
    assert ran == ["often", "rarely", "often", "often", "rarely"]


def test_an_interval_of_nought_turns_a_job_off(settings: pytest.FixtureRequest) -> None:
    ran: list[str] = []
    scheduler = Scheduler((job("off", 0, ran, settings),))
    assert scheduler.run_due(0.0) == []
    assert ran == []


def test_a_failing_job_is_logged_and_the_others_still_run(
    settings: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    ran: list[str] = []

    def broken() -> str:
        raise RuntimeError("notification service down")

    scheduler = Scheduler(
        (PeriodicJob("broken", "TEST_BROKEN_EVERY", 60, broken), job("fine", 60, ran, settings))
    )
    with caplog.at_level(logging.ERROR):
        said = scheduler.run_due(0.0)
    assert said == ["broken: failed (see the log)", "fine: fine done"]
    assert "The periodic job broken failed" in caplog.text
    # Tried again at its next time, not at every look.
    assert scheduler.run_due(30.0) == []


def test_a_failed_hourly_job_is_tried_again_after_five_minutes(
    settings: pytest.FixtureRequest,
) -> None:
    attempts: list[float] = []

    def busy_then_fine() -> str:
        attempts.append(0)
        if len(attempts) == 1:
            raise RuntimeError("database is locked")
        return "caught up"

    settings.TEST_HOURLY_EVERY = 3600  # type: ignore[attr-defined]
    scheduler = Scheduler((PeriodicJob("hourly", "TEST_HOURLY_EVERY", 3600, busy_then_fine),))
    assert scheduler.run_due(0.0) == ["hourly: failed (see the log)"]
    assert scheduler.run_due(299.0) == []
    assert scheduler.run_due(300.0) == ["hourly: caught up"]
    # Once it succeeds, back to its own interval.
    assert scheduler.run_due(3899.0) == []
    assert scheduler.run_due(3900.0) == ["hourly: caught up"]


def test_the_apps_register_their_jobs_with_their_settings(
    settings: pytest.FixtureRequest,
) -> None:
    jobs = {job.name: job for job in periodic_jobs.providers if isinstance(job, PeriodicJob)}
    assert set(jobs) == {"diary send-reminders", "tasks raise-due", "imports discard-abandoned"}
    settings.LINKWORK_REMINDERS_EVERY_SECONDS = 120  # type: ignore[attr-defined]
    assert jobs["diary send-reminders"].every == 120
    assert jobs["tasks raise-due"].every == 3600
    settings.LINKWORK_DISCARD_ABANDONED_UPLOADS_EVERY_SECONDS = 7200  # type: ignore[attr-defined]
    assert jobs["imports discard-abandoned"].every == 7200
