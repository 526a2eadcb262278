"""Migrations replay the schema as it was when they were written, so they import no app code.

A migration that imports, say, a vocabulary class breaks the day a member is renamed or moved,
and an old database can then no longer be brought up to date.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import linkwork

MIGRATIONS = sorted(Path(linkwork.__file__).parent.glob("*/migrations/[0-9]*.py"))


def app_imports(source: str) -> list[str]:
    """The modules of our own that `source` imports, wherever the import sits."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return [name for name in found if name == "linkwork" or name.startswith("linkwork.")]


def test_every_app_has_migrations_to_check() -> None:
    assert len(MIGRATIONS) >= 10


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_migration_imports_no_app_code(path: Path) -> None:
    assert app_imports(path.read_text(encoding="utf-8")) == []


def test_app_imports_are_found_however_written() -> None:
    source = (
        "import uuid\n"
        "import linkwork.episodes.lifecycle\n"
        "from linkwork.core.needs import Need\n"
        "from django.db import migrations\n"
        "def seed(apps, schema_editor):\n"
        "    from linkwork import demo\n"
    )
    assert app_imports(source) == ["linkwork.episodes.lifecycle", "linkwork.core.needs", "linkwork"]
