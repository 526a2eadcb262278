"""`linkwork demo` on a database that has not been migrated says what to do, in words, rather
than failing on its first query with a database error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_demo_on_a_fresh_database_asks_for_migrate_first(tmp_path: Path) -> None:
    database = tmp_path / "fresh.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "false"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "linkwork", "demo", "--scale", "0.02"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 1
    assert "run `linkwork migrate` first" in run.stderr
    assert "Traceback" not in run.stderr
