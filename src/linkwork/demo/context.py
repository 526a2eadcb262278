"""The demo world's builder: parts that each capability contributes, run in order.

Each module of `linkwork.demo.parts` registers one or more parts with `@demo_part(...)`;
domain apps never import the demo. A part receives the shared context (seeded random generator, a
deterministic id factory and a dictionary where earlier parts leave what later ones need)
and writes with bulk inserts, so the same code scales from the demo to national volumes.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from linkwork.demo.models import DemoBuild

_NAMESPACE = uuid.UUID("6f1c2a8e-5b7d-4c39-9a0e-2d4b8f6e1a73")


@dataclass
class DemoContext:
    seed: int
    scale: float = 1.0
    log: Callable[[str], None] = print
    shared: dict[str, Any] = field(default_factory=dict)
    planted: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def plant(self, section: str, value: Any) -> None:
        """Record an effect a part planted, for tests to check the evaluation against.

        Written to var/demo/planted.json; the analysis itself never reads it."""
        self.planted[section] = value

    def uuid(self, *key: object) -> uuid.UUID:
        """The same seed and key always give the same id, so rebuilt worlds line up."""
        return uuid.uuid5(_NAMESPACE, "/".join([str(self.seed), *map(str, key)]))


@dataclass(frozen=True)
class DemoPart:
    name: str
    order: int
    build: Callable[[DemoContext], dict[str, Any] | None]


_PARTS: dict[str, DemoPart] = {}


def demo_part(
    name: str, *, order: int
) -> Callable[[Callable[[DemoContext], dict[str, Any] | None]], Callable[..., Any]]:
    def register(
        func: Callable[[DemoContext], dict[str, Any] | None],
    ) -> Callable[[DemoContext], dict[str, Any] | None]:
        _PARTS[name] = DemoPart(name=name, order=order, build=func)
        return func

    return register


def registered_parts() -> list[DemoPart]:
    # Imported here: each part module imports this one for `demo_part`.
    from linkwork.demo import parts

    for module in pkgutil.iter_modules(parts.__path__):
        importlib.import_module(f"{parts.__name__}.{module.name}")
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.name))


@dataclass(frozen=True)
class BuildReport:
    built: list[str]
    skipped: list[str]


class SeedMismatchError(Exception):
    def __init__(self, built_seed: int) -> None:
        super().__init__(built_seed)
        self.built_seed = built_seed


def build_world(ctx: DemoContext) -> BuildReport:
    """Build every part not yet built. Each part is one transaction: all of it or none."""
    existing = {b.part: b for b in DemoBuild.objects.all()}
    other_seeds = {b.seed for b in existing.values()} - {ctx.seed}
    if other_seeds:
        raise SeedMismatchError(min(other_seeds))
    built, skipped = [], []
    for part in registered_parts():
        if part.name in existing:
            skipped.append(part.name)
            ctx.shared.update(existing[part.name].detail.get("shared", {}))
            continue
        with transaction.atomic():
            detail = part.build(ctx) or {}
            DemoBuild.objects.create(part=part.name, seed=ctx.seed, detail=detail)
        built.append(part.name)
    if ctx.planted:
        write_planted(ctx.planted)
    return BuildReport(built=built, skipped=skipped)


def planted_path() -> Path:
    return Path(settings.VAR_DIR) / "demo" / "planted.json"


def write_planted(sections: dict[str, Any]) -> None:
    """Merge sections into planted.json, keeping those that other parts wrote earlier."""
    path = planted_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing.update(sections)
    path.write_text(json.dumps(existing, indent=2, sort_keys=True, default=str))


def read_planted() -> dict[str, Any]:
    path = planted_path()
    return json.loads(path.read_text()) if path.exists() else {}
