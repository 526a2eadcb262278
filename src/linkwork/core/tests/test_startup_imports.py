"""A web process starts without the scientific and document libraries: loading the settings,
the middleware, every URL pattern and every app's models and views imports none of them.
They load in the function that uses them (a report, a PDF), so a worker restarts in seconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Each takes from a tenth of a second to a second or more to import; together, most of a
# process's start-up before they were moved out of the URL configuration's import chain.
HEAVY = (
    "duckdb",
    "fastexcel",
    "fontTools",
    "numpy",
    "pandas",
    "patsy",
    "polars",
    "pyarrow",
    "pydyf",
    "scipy",
    "statsmodels",
    "weasyprint",
)

PROBE = """
import importlib, importlib.util, json, pkgutil, sys

from django.apps import apps
from django.core.wsgi import get_wsgi_application
from django.urls import URLPattern, URLResolver, get_resolver

get_wsgi_application()  # settings, apps, middleware


def walk(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            walk(pattern.url_patterns)
        else:
            assert isinstance(pattern, URLPattern)


walk(get_resolver().url_patterns)

ROLES = ("models", "views", "admin", "api", "urls", "apps")
imported = []
for config in apps.get_app_configs():
    if not config.name.startswith("linkwork."):
        continue
    package = importlib.import_module(config.name)
    for info in pkgutil.walk_packages(package.__path__, prefix=config.name + "."):
        last = info.name.rsplit(".", 1)[-1]
        parts = info.name.split(".")
        if "tests" in parts or "migrations" in parts:
            continue
        if last in ROLES or last.endswith("_views") or ".views." in info.name:
            importlib.import_module(info.name)
            imported.append(info.name)

print(json.dumps({"imported": imported, "loaded": sorted(sys.modules)}))
"""


def test_a_web_process_loads_no_heavy_library(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "linkwork.config.settings.production",
            "SECRET_KEY": "startup-probe-" + "s" * 50,
            "ALLOWED_HOSTS": "linkwork.example.org",
            "LINKWORK_VAR_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(  # noqa: S603 - a fixed script run by this interpreter
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    # The probe really walked the apps: the views of the pages and the API were imported.
    assert "linkwork.episodes.views.caseload" in report["imported"]
    assert "linkwork.evaluation.views" in report["imported"]
    assert "linkwork.implementation.api" in report["imported"]
    loaded = set(report["loaded"])
    assert sorted(name for name in HEAVY if name in loaded) == []
