"""NHS England's MESH sandbox (the mesh-sandbox package, a FastAPI app) run as a local server,
for the tests and for trying MESH out with the demo. Its mailboxes are the ones the package
ships (X26ABC1, X26ABC2, X26ABC3, each with the password "password"); it checks each request's
NHSMESH token against the shared key, as MESH does, and keeps messages in memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import requests

MAILBOX_PASSWORD = "password"  # noqa: S105 - the sandbox's own bundled test mailboxes
SENDER_MAILBOX = "X26ABC1"
PRACTICE_MAILBOXES = ("X26ABC2", "X26ABC3")


def sandbox_start(
    *, port: int, store: Path, shared_key: str, log: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    """Start the sandbox on 127.0.0.1:`port` (plain HTTP on the loopback address)."""
    env = {
        **os.environ,
        "AUTH_MODE": "full",
        "STORE_MODE": "memory",
        "SHARED_KEY": shared_key,
        "MAILBOXES_DATA_DIR": str(store),
    }
    command = [sys.executable, "-m", "uvicorn", "mesh_sandbox.api:app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        command, env=env, stdout=log, stderr=subprocess.STDOUT if log else None
    )


def sandbox_wait(url: str, process: subprocess.Popen[bytes], *, seconds: float = 30) -> None:
    """Wait until the sandbox answers its health check; raise if it stops or takes too long."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if requests.get(f"{url}/health", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"The MESH sandbox at {url} did not start.")
        time.sleep(0.2)


def sandbox_stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
