from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _outbox(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Each test's messages go to its own outbox folder, read back like the person's email."""
    settings.LINKWORK_OUTBOX_DIR = tmp_path / "outbox"  # type: ignore[attr-defined]
    settings.LINKWORK_NOTIFY_API_KEY = ""  # type: ignore[attr-defined]
    settings.LINKWORK_PUBLIC_URL = "https://linkwork.example"  # type: ignore[attr-defined]
