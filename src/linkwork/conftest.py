"""Fixtures shared by every app's tests: a small registry, a cast of users, and a browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test.client import Client

from linkwork.testing.mesh import mesh, mesh_sandbox  # noqa: F401 - the MESH sandbox fixtures
from linkwork.testing.second_factor import install_verified_test_client
from linkwork.testing.world import SmallWorld, build_small_world

# Playwright's sync API keeps an event loop running in the test thread for the whole session;
# the ORM calls tests make are still synchronous, so Django's async-safety check does not apply.
# (Tests that start the product in a subprocess remove this variable from its environment.)
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def world(db: None) -> SmallWorld:
    return build_small_world()


@pytest.fixture(autouse=True)
def _test_client_sessions_are_verified(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test client's login() or force_login() stands for a complete sign-in, second factor
    included (tests of the second factor itself call drop_verification())."""
    for name, replacement in install_verified_test_client():
        monkeypatch.setattr(Client, name, replacement)


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Playwright's sync API runs an event loop in the test thread; the ORM calls a browser
    test makes are still synchronous, so Django's async-safety check does not apply."""
    if request.node.get_closest_marker("browser"):
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Drive Debian's Chromium; Playwright never downloads a browser of its own."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = Path(settings.VAR_DIR) / "test-artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when != "call" or not report.failed:
        return
    page = getattr(item, "funcargs", {}).get("page")
    if page is None:
        return
    target = Path(settings.VAR_DIR) / "test-artifacts" / f"{item.name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(target), full_page=True)
    except Exception as exc:
        report.sections.append(("screenshot", f"could not save a screenshot: {exc}"))
    else:
        report.sections.append(("screenshot", f"saved to {target}"))


@pytest.fixture
def small_pages(settings: Any) -> None:  # pytest-django's settings fixture
    """Pages of two rows and home-page queues of two, so that three rows fill more than a
    page of any list."""
    settings.LINKWORK_PAGE_SIZE = 2
    settings.LINKWORK_QUEUE_PREVIEW_SIZE = 2


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A desktop screen, as on the NHS machines the pages are walked for: at Playwright's
    default 1280 px, the header folds a manager's last menu items under "More" (a working
    menu, tested with the narrow layouts), and tests click them by name."""
    return {**browser_context_args, "viewport": {"width": 1600, "height": 900}}
