"""An import killed with SIGKILL part-way leaves whole committed chunks, and importing the
same file again writes the rest: no duplicates, every row present. It needs a database a
second process can open, so it runs on PostgreSQL (an in-memory SQLite test database is
private to this process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from linkwork.episodes.models import Referral
from linkwork.imports.models import ImportedRecord, ImportRun
from linkwork.people.models import Person

from .conftest import GOOD_ROW, swemwbs_world

PEOPLE = 1500
_FINISHED = (ImportRun.Status.DONE, ImportRun.Status.FAILED)


def nhs_numbers(count: int) -> list[str]:
    """Valid NHS numbers (Modulus 11) in the 999 test range."""
    found: list[str] = []
    body = 999_000_000
    while len(found) < count:
        body += 1
        digits = str(body)
        remainder = sum(int(d) * (10 - i) for i, d in enumerate(digits)) % 11
        check = 11 - remainder
        if check == 10:
            continue
        found.append(digits + ("0" if check == 11 else str(check)))
    return found


def _command(path: Path, slug: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "linkwork",
        "import",
        "scheme",
        "--profile",
        "case-management",
        "--scheme",
        slug,
        "--as",
        "manager",
        "--chunk-size",
        "8",
        str(path),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_whole_chunks_and_a_rerun_completes_it(
    case_file: Callable[..., Path],
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a second process cannot open an in-memory SQLite test database")
    world = swemwbs_world()
    rows = [
        {**GOOD_ROW, "Client ID": f"C{i}", "Referral ID": f"R{i}", "NHS No": number}
        for i, number in enumerate(nhs_numbers(PEOPLE))
    ]
    path = case_file(*rows)
    settings = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = "linkwork.config.settings.test"
    env["DATABASE_URL"] = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        _command(path, world.scheme.slug), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run = ImportRun.objects.first()
        if run is not None and (run.chunks_done >= 3 or run.status in _FINISHED):
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    run = ImportRun.objects.get()
    # Killed: nothing marked it finished.
    assert run.status == ImportRun.Status.RUNNING, (
        run.error,
        process.stderr and process.stderr.read(),
    )
    assert 3 <= run.chunks_done < run.chunks_total
    # Only whole chunks: each written person has their referral, and the source ids say so.
    people = Person.objects.filter(scheme=world.scheme).count()
    assert people == Referral.objects.filter(scheme=world.scheme).count()
    assert people == ImportedRecord.objects.filter(kind="person").count()
    assert 0 < people < PEOPLE

    rerun = subprocess.run(  # noqa: S603
        _command(path, world.scheme.slug),
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert Person.objects.filter(scheme=world.scheme).count() == PEOPLE
    assert Referral.objects.filter(scheme=world.scheme).count() == PEOPLE
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "stopped part-way" in run.error
    second = ImportRun.objects.order_by("created_at").last()
    assert second is not None
    assert second.counts["person"]["skipped"] == people
    assert second.counts["person"]["created"] == PEOPLE - people
