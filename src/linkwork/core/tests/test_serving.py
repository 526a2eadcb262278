"""The production application server, run as an operator would: `linkwork serve` answers
`/healthz` through gunicorn, says which part failed when the database is gone, and the
embedded database is set up for several people at once."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

CLEARED = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as failure:
        return failure.code, json.loads(failure.read())


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[object]:
    started: list[subprocess.Popen[bytes]] = []

    def start(*, migrate: bool = False, worker: bool = True, **env: str) -> str:
        port = free_port()
        environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
        environment.update({"LINKWORK_VAR_DIR": str(tmp_path), "DEBUG": "false", **env})
        if migrate:
            subprocess.run(
                [sys.executable, "-m", "linkwork", "migrate", "--verbosity", "0"],
                env=environment,
                check=True,
                timeout=300,
            )
        command = [sys.executable, "-m", "linkwork", "serve", "--bind", f"127.0.0.1:{port}"]
        process = subprocess.Popen(  # noqa: S603 - our own console command
            [*command, "--workers", "1", "--threads", "2", *(["--with-worker"] if worker else [])],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            if process.poll() is not None:
                pytest.fail(f"the server stopped: {process.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return base
            except OSError:
                time.sleep(0.1)
        pytest.fail("the server did not start listening within a minute")

    yield start
    for process in started:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def test_the_production_server_and_its_worker(serve: object, tmp_path: Path) -> None:
    import sqlite3

    base = serve(migrate=True)  # type: ignore[operator]
    status, body = get(f"{base}/healthz")
    assert status == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "job_queue": "ok"}}

    # A job for a report that does not exist: the worker beside the server takes it.
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment["LINKWORK_VAR_DIR"] = str(tmp_path)
    enqueue = (
        "from linkwork.evaluation.jobs import evaluation_report; "
        "evaluation_report.enqueue('00000000-0000-0000-0000-000000000000')"
    )
    subprocess.run(  # noqa: S603 - our own console command
        [sys.executable, "-m", "linkwork", "shell", "-c", enqueue],
        env=environment,
        check=True,
        timeout=120,
    )
    database = sqlite3.connect(tmp_path / "linkwork.sqlite3")
    query = "SELECT status FROM django_tasks_database_dbtaskresult"
    for _ in range(600):
        (status,) = database.execute(query).fetchone()
        if status != "READY":
            break
        time.sleep(0.1)
    database.close()
    assert status in {"RUNNING", "FAILED"}


def test_health_names_an_unreachable_database(serve: object) -> None:
    # Nothing listens on port 9 here, so every connection attempt is refused.
    base = serve(worker=False, DATABASE_URL="postgres://postgres@127.0.0.1:9/linkwork")  # type: ignore[operator]
    status, body = get(f"{base}/healthz")
    assert status == 503
    assert body == {
        "status": "failing",
        "checks": {"database": "unreachable", "job_queue": "unreachable"},
    }


@pytest.mark.django_db
def test_health_says_when_no_worker_takes_the_queued_jobs(client: Client) -> None:
    from linkwork.evaluation.jobs import evaluation_report

    evaluation_report.enqueue("00000000-0000-0000-0000-000000000000")
    assert client.get("/healthz").json()["checks"]["job_queue"] == "ok"  # just queued
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=6))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "ok", "job_queue": "stalled"},
    }


def test_the_embedded_database_lets_readers_and_a_writer_work_together(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    from django.conf import settings

    # The options the settings give SQLite, on a file like a real installation's.
    options = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "team.sqlite3"),
        "OPTIONS": settings.SQLITE_OPTIONS,
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    wrapper = DatabaseWrapper(options, alias="team")
    with django_db_blocker.unblock():
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000  # the default LINKWORK_SQLITE_TIMEOUT, 20 s
        assert wrapper.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]
        wrapper.close()


def _database_options(**env: str) -> dict[str, Any]:
    """The OPTIONS the settings give a PostgreSQL DATABASE_URL, read in a fresh process."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    inherited = {k: v for k, v in os.environ.items() if k != "DATABASE_PLANNER_OPTIONS"}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "linkwork.config.settings.local",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/linkwork",
        **env,
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return dict(json.loads(result.stdout))


def test_postgresql_connections_plan_for_a_cached_database_unless_told_otherwise() -> None:
    assert _database_options() == {"options": "-c random_page_cost=1.1 -c jit=off"}
    assert _database_options(DATABASE_PLANNER_OPTIONS="") == {}


@pytest.mark.django_db
def test_the_postgresql_test_database_runs_with_those_planner_settings() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner settings are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
