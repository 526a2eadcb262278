"""NHS England's MESH sandbox (the mesh-sandbox package) as a real local server for the tests
that send by MESH, messaging's and the FHIR interface's (the shared conftest offers the
fixtures): started once for the session, on a free port, in its own process, and stopped when
the session ends. Plain HTTP on the loopback address: no TLS to verify."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from mesh_client import MeshClient

from linkwork.messaging.sandbox import (
    MAILBOX_PASSWORD,
    SENDER_MAILBOX,
    sandbox_start,
    sandbox_stop,
    sandbox_wait,
)
from linkwork.testing.world import SmallWorld

SHARED_KEY = "linkwork-test-shared-key"
PASSWORD = MAILBOX_PASSWORD
OURS = SENDER_MAILBOX
# Two practices with mailboxes in the sandbox, by their ODS codes.
PRACTICE_MAILBOXES = {"A81001": "X26ABC2", "A81002": "X26ABC3"}
WORKFLOW = "SOCIAL_PRESCRIBING_SUMMARY"


@dataclass(frozen=True)
class Sandbox:
    url: str

    def as_mailbox(self, mailbox: str) -> MeshClient:
        """A client acting as another mailbox (a practice receiving our messages)."""
        return MeshClient(
            self.url, mailbox, PASSWORD, shared_key=SHARED_KEY.encode(), max_retries=0
        )

    def reset(self) -> None:
        requests.delete(f"{self.url}/messageexchange/admin/reset", timeout=10).raise_for_status()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def mesh_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    port = _free_port()
    store = tmp_path_factory.mktemp("mesh-sandbox")
    with (store / "sandbox.log").open("wb") as log:
        process = sandbox_start(port=port, store=store, shared_key=SHARED_KEY, log=log)
        try:
            url = f"http://127.0.0.1:{port}"
            sandbox_wait(url, process)
            yield Sandbox(url)
        finally:
            sandbox_stop(process)


@pytest.fixture
def mesh(mesh_sandbox: Sandbox, settings: Any, world: SmallWorld) -> Sandbox:
    """MESH set up against the sandbox, with the world's two practices given ODS codes whose
    mailboxes are configured; every test starts with empty mailboxes."""
    mesh_sandbox.reset()
    settings.LINKWORK_MESH_URL = mesh_sandbox.url
    settings.LINKWORK_MESH_MAILBOX = OURS
    settings.LINKWORK_MESH_PASSWORD = PASSWORD
    settings.LINKWORK_MESH_SHARED_KEY = SHARED_KEY
    settings.LINKWORK_MESH_WORKFLOW_ID = WORKFLOW
    settings.LINKWORK_MESH_MAILBOXES = dict(PRACTICE_MAILBOXES)
    for practice, code in ((world.practice, "A81001"), (world.practice_b, "A81002")):
        practice.code = code
        practice.save(update_fields=["code"])
    return mesh_sandbox
