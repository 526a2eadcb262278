"""An import-linter contract type of our own: no cross-app import hidden inside a function.

Layers contracts see every import wherever it stands, but an import written inside a function
is how a dependency cycle usually hides ("import it late so it loads"). This contract breaks on
any import of another linkwork app made inside a function or method, unless `allow` lists it
(with the reason beside it in the contract file). Test folders are not packages and are not
checked. Run by `make lint` through `lint-imports`.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def _app(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def _function_imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for each absolute import made inside a function body."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                found.append((inner.lineno, inner.module))
            elif isinstance(inner, ast.Import):
                found.extend((inner.lineno, alias.name) for alias in inner.names)
    return found


class FunctionImportsContract(Contract):
    type_name = "function_imports"

    root = fields.StringField()
    allow = fields.SetField(subfield=fields.ImportExpressionField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        root = str(self.root)  # type: ignore[attr-defined]
        allowed = {
            (str(expression.importer), str(expression.imported))
            for expression in (self.allow or ())  # type: ignore[attr-defined]
        }
        hidden: list[tuple[str, int, str]] = []
        for module in sorted(graph.modules):
            if not module.startswith(f"{root}.") or ".migrations." in module:
                continue
            spec = importlib.util.find_spec(module)
            if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
                continue
            for line, imported in _function_imports(Path(spec.origin)):
                if not imported.startswith(f"{root}.") or _app(imported) == _app(module):
                    continue
                if (module, imported) in allowed:
                    continue
                hidden.append((module, line, imported))
        return ContractCheck(kept=not hidden, metadata={"hidden": hidden})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for module, line, imported in check.metadata["hidden"]:
            output.print_error(f"{module} (l.{line}) imports {imported} inside a function")
            output.new_line()
