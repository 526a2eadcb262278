from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import linkwork.stats as stats_package
from linkwork.stats import results

PACKAGE = Path(stats_package.__file__).parent


def test_no_bare_asserts_in_library_code() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not any(isinstance(node, ast.Assert) for node in ast.walk(tree)), path


def test_every_module_declares_all() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declared = any(
            isinstance(node, ast.Assign)
            and any(
                isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
            )
            for node in tree.body
        )
        assert declared, f"{path} has no __all__"


def test_results_are_frozen_dataclasses() -> None:
    for name in results.__all__:
        cls = getattr(results, name)
        assert dataclasses.is_dataclass(cls)
        assert vars(cls)["__dataclass_params__"].frozen, name


def test_public_api_is_explicit() -> None:
    assert len(set(stats_package.__all__)) == len(stats_package.__all__)
    for name in stats_package.__all__:
        assert hasattr(stats_package, name)
