"""Production settings are safe by default, and configuration errors are loud."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from linkwork.config.env import development_secret_key, env_bool, env_int, env_list

STRONG_KEY = "k" * 20 + "x9Q2-mZ7_pL4wR8tY1uN6bV3cX5zA0sD"  # 52 characters


def run_linkwork(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update({"LINKWORK_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(  # noqa: S603 - fixed arguments, our own console command
        [sys.executable, "-m", "linkwork", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = run_linkwork(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        LINKWORK_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="linkwork.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_linkwork("check", tmp_path=tmp_path, LINKWORK_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_unknown_environment_is_named(tmp_path: Path) -> None:
    result = run_linkwork("check", tmp_path=tmp_path, LINKWORK_ENV="staging")
    assert result.returncode == 2
    assert "LINKWORK_ENV must be one of development, production, test; got 'staging'" in (
        result.stderr
    )


def test_development_defaults_to_sqlite_under_the_var_dir(tmp_path: Path) -> None:
    result = run_linkwork(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "linkwork.sqlite3")
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_development_secret_is_generated_once(tmp_path: Path) -> None:
    first = development_secret_key(tmp_path)
    assert len(first) >= 50
    assert development_secret_key(tmp_path) == first


def test_env_helpers_reject_malformed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false, not 'maybe'"):
        env_bool("X_FLAG", default=False)
    monkeypatch.setenv("X_FLAG", "TRUE")
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_NUM", default=1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("X_NUM", default=1, minimum=1)
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env_list("X_LIST", default=[]) == ["a.example", "b.example"]
