"""The scoring engine must stay importable without Django."""

from __future__ import annotations

import ast
from pathlib import Path

SCORING_DIR = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in ("import_module", "__import__")
        ):
            names.update(
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return names


def test_scan_covers_the_package() -> None:
    files = {path.name for path in SCORING_DIR.rglob("*.py")}
    assert {"__init__.py", "engine.py", "definitions.py", "test_no_django.py"} <= files


def test_no_module_imports_django() -> None:
    offenders = {
        str(path.relative_to(SCORING_DIR)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "django"
        )
        for path in sorted(SCORING_DIR.rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_scanner_would_catch_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import django.db\nfrom django.conf import settings\n"
        "import importlib\nimportlib.import_module('django.apps')\n",
        encoding="utf-8",
    )
    assert {"django.db", "django.conf", "django.apps"} <= imported_modules(sample)
