"""The `linkwork` console command: Django management without `manage.py`."""

from __future__ import annotations

import os
import sys

from linkwork.core.blas import single_threaded_blas


def settings_module() -> str:
    """Pick the settings from LINKWORK_ENV unless DJANGO_SETTINGS_MODULE is set explicitly."""
    environment = os.environ.get("LINKWORK_ENV", "development")
    modules = {
        "development": "linkwork.config.settings.local",
        "production": "linkwork.config.settings.production",
        "test": "linkwork.config.settings.test",
    }
    if environment not in modules:
        known = ", ".join(sorted(modules))
        sys.stderr.write(f"LINKWORK_ENV must be one of {known}; got {environment!r}.\n")
        raise SystemExit(2)
    return modules[environment]


def main(argv: list[str] | None = None) -> None:
    single_threaded_blas()  # before anything loads numpy
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
    from django.core.management import execute_from_command_line

    execute_from_command_line(["linkwork", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
