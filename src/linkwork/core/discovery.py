"""Find what each linkwork app contributes (URLs, API routers, navigation) by convention.

An app takes part by having the module: `urls` (its own URL prefixes), `api` (a django-ninja
`router` and an `API_PREFIX`), or `navigation` (a `NAV_ITEMS` tuple). Adding an app never
means editing a central list beyond INSTALLED_APPS.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps


def linkwork_app_modules(module_name: str) -> Iterator[ModuleType]:
    """Import `<app>.<module_name>` for every installed linkwork app that has one, in
    INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("linkwork."):
            continue
        dotted = f"{config.name}.{module_name}"
        if importlib.util.find_spec(dotted) is not None:
            yield importlib.import_module(dotted)
