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
from pathlib import Path
from typing import Any

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

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

    def start(**env: str) -> str:
        port = free_port()
        environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
        environment.update({"LINKWORK_VAR_DIR": str(tmp_path), "DEBUG": "false", **env})
        command = [sys.executable, "-m", "linkwork", "serve", "--bind", f"127.0.0.1:{port}"]
        process = subprocess.Popen(  # noqa: S603 - our own console command
            [*command, "--workers", "1", "--threads", "2"],
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


def test_the_production_server_reports_a_healthy_database(serve: object) -> None:
    base = serve()  # type: ignore[operator]
    status, body = get(f"{base}/healthz")
    assert status == 200
    assert body == {"status": "ok", "checks": {"database": "ok"}}


def test_health_names_an_unreachable_database(serve: object) -> None:
    # Nothing listens on port 9 here, so every connection attempt is refused.
    base = serve(DATABASE_URL="postgres://postgres@127.0.0.1:9/linkwork")  # type: ignore[operator]
    status, body = get(f"{base}/healthz")
    assert status == 503
    assert body == {"status": "failing", "checks": {"database": "unreachable"}}


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
