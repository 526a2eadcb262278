"""Collected static files are served the way a deployment serves them: each under a name with
its content's hash, cached by browsers for ever, and with compressed copies beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLEARED = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}

FETCH = """
import json

import django
from django.templatetags.static import static
from django.test import Client

django.setup()
url = static("css/linkwork.css")
client = Client()
served = client.get(url, secure=True, headers={"accept-encoding": "gzip, br"})
plain = client.get(url, secure=True)
print(json.dumps({
    "url": url,
    "status": served.status_code,
    "cache_control": served.get("Cache-Control", ""),
    "encoding": served.get("Content-Encoding", ""),
    "plain_status": plain.status_code,
    "plain_encoding": plain.get("Content-Encoding", ""),
}))
"""


def run(args: list[str], environment: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - this interpreter, our own command and script
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "deployment",
    [
        pytest.param(
            {
                "LINKWORK_ENV": "production",
                "DJANGO_SETTINGS_MODULE": "linkwork.config.settings.production",
                "SECRET_KEY": "static-files-" + "k" * 50,
                "ALLOWED_HOSTS": "testserver",
            },
            id="production",
        ),
        pytest.param(
            {
                "LINKWORK_ENV": "development",
                "DJANGO_SETTINGS_MODULE": "linkwork.config.settings.local",
                "DEBUG": "false",
                "ALLOWED_HOSTS": "testserver",
            },
            id="demo",
        ),
    ],
)
def test_a_collected_file_is_served_hashed_compressed_and_cached_for_ever(
    tmp_path: Path, deployment: dict[str, str]
) -> None:
    environment = {key: value for key, value in os.environ.items() if key not in CLEARED}
    environment.update({"LINKWORK_VAR_DIR": str(tmp_path), **deployment})
    # The admin's, the API browser's and the vendored files are left out: compressing their
    # megabytes takes minutes, and they pass through the same storage as ours.
    skip = ["-i", "admin", "-i", "ninja", "-i", "django_htmx", "-i", "vendor"]
    run(["-m", "linkwork", "collectstatic", "--noinput", "--verbosity", "0", *skip], environment)

    collected = tmp_path / "static" / "css"
    hashed = [p.name for p in collected.glob("linkwork.*.css")]
    assert len(hashed) == 1, hashed
    assert (collected / f"{hashed[0]}.gz").is_file()
    assert (collected / f"{hashed[0]}.br").is_file()

    page = json.loads(run(["-c", FETCH], environment).strip().splitlines()[-1])
    assert page["url"] == f"/static/css/{hashed[0]}"
    assert page["status"] == 200
    assert page["cache_control"] == "max-age=315360000, public, immutable"
    assert page["encoding"] in {"br", "gzip"}
    # A client that takes no compression still gets the file itself.
    assert page["plain_status"] == 200
    assert page["plain_encoding"] == ""
