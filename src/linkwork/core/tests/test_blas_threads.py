"""Processes started by the `linkwork` command, and the web processes, run BLAS on one thread:
the limit is read when numpy loads, so it is checked in a freshly started process, by asking
each OpenBLAS library that process has loaded how many threads it will use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from linkwork.core.blas import BLAS_THREAD_VARIABLES

# Run inside the started process: load numpy and scipy's BLAS, then ask every OpenBLAS that
# is mapped into the process for its thread count (the symbol differs between the builds
# that numpy and scipy bundle).
PROBE = """
import ctypes, json, os
import numpy, scipy.linalg
numpy.ones((64, 64)) @ numpy.ones((64, 64))
threads = {}
with open("/proc/self/maps") as maps:
    paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
for path in sorted(paths):
    library = ctypes.CDLL(path)
    for symbol in (
        "openblas_get_num_threads",
        "scipy_openblas_get_num_threads64_",
        "scipy_openblas_get_num_threads",
    ):
        if hasattr(library, symbol):
            threads[os.path.basename(path)] = getattr(library, symbol)()
            break
variables = {name: os.environ.get(name) for name in VARIABLES}
print("BLAS=" + json.dumps({"threads": threads, "variables": variables}))
""".replace("VARIABLES", repr(BLAS_THREAD_VARIABLES))

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/maps").exists(), reason="reads the process's memory map (Linux)"
)


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def _probe(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603 - our own interpreter
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("BLAS=")]
    found: dict[str, Any] = json.loads(line.removeprefix("BLAS="))
    assert found["threads"], "no OpenBLAS library was loaded with numpy and scipy"
    return found


def _linkwork() -> list[str]:
    return [str(Path(sys.executable).with_name("linkwork"))]


def test_the_linkwork_command_runs_blas_on_one_thread() -> None:
    found = _probe([*_linkwork(), "shell", "-c", PROBE], _environment())
    assert set(found["threads"].values()) == {1}, found
    assert found["variables"]["OPENBLAS_NUM_THREADS"] == "1"
    assert found["variables"]["OMP_NUM_THREADS"] == "1"


def test_a_web_process_runs_blas_on_one_thread() -> None:
    code = "import linkwork.config.wsgi\n" + PROBE
    env = _environment(DJANGO_SETTINGS_MODULE="linkwork.config.settings.test")
    found = _probe([sys.executable, "-c", code], env)
    assert set(found["threads"].values()) == {1}, found


def test_a_limit_set_in_the_environment_is_kept() -> None:
    found = _probe([*_linkwork(), "shell", "-c", PROBE], _environment(OPENBLAS_NUM_THREADS="2"))
    assert found["variables"]["OPENBLAS_NUM_THREADS"] == "2"
    assert found["variables"]["MKL_NUM_THREADS"] == "1"
