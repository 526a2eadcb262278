from __future__ import annotations

import ast
from pathlib import Path

import linkwork.identifiers as identifiers

PACKAGE = Path(identifiers.__file__).parent


def _imported_modules(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_no_django_and_no_other_linkwork_packages() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert files
    for path in files:
        for module in _imported_modules(path):
            assert module.split(".")[0] != "django", f"{path} imports {module}"
            if module.startswith("linkwork"):
                assert module.startswith("linkwork.identifiers"), f"{path} imports {module}"


def test_public_api_is_explicit() -> None:
    assert len(set(identifiers.__all__)) == len(identifiers.__all__)
    for name in identifiers.__all__:
        assert hasattr(identifiers, name)
