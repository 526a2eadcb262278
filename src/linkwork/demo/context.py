"""The demo world's builder: parts that each capability contributes, run in order.

Each module of `linkwork.demo.parts` registers one or more parts with `@demo_part(...)`;
domain apps never import the demo. A part receives the shared context (its own random stream, the
reference date the world is built as of, a deterministic id factory and a dictionary where
earlier parts leave what later ones need) and writes with bulk inserts, so the same code scales
from the demo to national volumes.

A part's draws depend only on the seed and the part's name, never on which parts ran before it
in the same process: a build killed part-way and run again makes the same world as one run
straight through.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import pkgutil
import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from linkwork.core import clock
from linkwork.core.copy_insert import refresh_statistics
from linkwork.demo.models import DemoBuild

_NAMESPACE = uuid.UUID("6f1c2a8e-5b7d-4c39-9a0e-2d4b8f6e1a73")
# RFC 4122 version 5: the variant and version bits `uuid.uuid5` sets.
_UUID5_KEEP = ~((0xC000 << 48) | (0xF000 << 64))
_UUID5_MARK = (0x8000 << 48) | (5 << 76)


@functools.lru_cache(maxsize=8)
def _seeded_hash(seed: int) -> Any:
    return hashlib.sha1(_NAMESPACE.bytes + f"{seed}/".encode(), usedforsecurity=False)


def part_stream(seed: int, part: str) -> random.Random:
    """The random stream of one part: fixed by the seed and the part's name alone.

    Derived with SHA-256 rather than `hash()`, which Python salts afresh in every process."""
    digest = hashlib.sha256(f"{seed}:{part}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


@dataclass
class DemoContext:
    seed: int
    scale: float = 1.0
    log: Callable[[str], None] = print
    # The day the world is built as of: its "today". Dates are drawn relative to it, so a world
    # built today has nothing stale in it when served as of the same day.
    today: date = field(default_factory=clock.today)
    shared: dict[str, Any] = field(default_factory=dict)
    planted: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Replaced by each part's own stream while the world is built.
        self.rng = part_stream(self.seed, "")

    @property
    def intensity(self) -> float:
        """Referrals per registered patient, as a multiple of the demo's: the registry part
        sets it (the scale, spread over any regions a world beyond the demo's adds)."""
        return float(self.shared.get("intensity", self.scale))

    def plant(self, section: str, value: Any) -> None:
        """Record an effect a part planted, for tests to check the evaluation against.

        Written to var/demo/planted.json; the analysis itself never reads it."""
        self.planted[section] = value

    def uuid(self, *key: object) -> uuid.UUID:
        """The same seed and key always give the same id, so rebuilt worlds line up.

        `uuid.uuid5(_NAMESPACE, "<seed>/<key>/...")`, with the hash of the part every id
        shares worked out once: a national world draws millions of ids."""
        if not key:
            return uuid.uuid5(_NAMESPACE, str(self.seed))
        digest = _seeded_hash(self.seed).copy()
        digest.update("/".join(map(str, key)).encode())
        value = int.from_bytes(digest.digest()[:16], "big")
        return uuid.UUID(int=(value & _UUID5_KEEP) | _UUID5_MARK)


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


class ReferenceDateMismatchError(Exception):
    def __init__(self, built_on: date) -> None:
        super().__init__(built_on)
        self.built_on = built_on


def recorded_reference_date() -> date | None:
    """The reference date the parts already built were built as of, if any were."""
    return DemoBuild.objects.order_by("built_at").values_list("reference_date", flat=True).first()


@contextmanager
def _clock_at(day: date) -> Iterator[None]:
    """Domain services a part calls read the one clock: hold it at the world's reference date."""
    before = settings.LINKWORK_TODAY
    settings.LINKWORK_TODAY = day
    try:
        yield
    finally:
        settings.LINKWORK_TODAY = before


def build_world(ctx: DemoContext) -> BuildReport:
    """Build every part not yet built. Each part is one transaction: all of it or none."""
    existing = {b.part: b for b in DemoBuild.objects.all()}
    other_seeds = {b.seed for b in existing.values()} - {ctx.seed}
    if other_seeds:
        raise SeedMismatchError(min(other_seeds))
    other_dates = {b.reference_date for b in existing.values()} - {ctx.today}
    if other_dates:
        raise ReferenceDateMismatchError(min(other_dates))
    built, skipped = [], []
    with _clock_at(ctx.today):
        for part in registered_parts():
            if part.name in existing:
                skipped.append(part.name)
                ctx.shared.update(existing[part.name].detail.get("shared", {}))
                continue
            ctx.rng, ctx.planted = part_stream(ctx.seed, part.name), {}
            with transaction.atomic():
                detail = part.build(ctx) or {}
                DemoBuild.objects.create(
                    part=part.name,
                    seed=ctx.seed,
                    reference_date=ctx.today,
                    detail=detail,
                    planted=ctx.planted,
                )
            built.append(part.name)
            write_planted()
    write_planted()
    if built:
        # Every table the parts wrote, sampled for the planner at once.
        refresh_statistics()
    return BuildReport(built=built, skipped=skipped)


def planted_path() -> Path:
    return Path(settings.VAR_DIR) / "demo" / "planted.json"


def write_planted() -> None:
    """Write planted.json from the parts built, so it describes the data that is there (a part
    whose transaction never committed planted nothing)."""
    path = planted_path()
    builds = list(DemoBuild.objects.order_by("built_at", "pk"))
    if not builds:
        path.unlink(missing_ok=True)
        return
    sections: dict[str, Any] = {
        "world": {"seed": builds[0].seed, "reference_date": builds[0].reference_date}
    }
    for build in builds:
        sections.update(build.planted)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sections, indent=2, sort_keys=True, default=str))


def read_planted() -> dict[str, Any]:
    path = planted_path()
    return json.loads(path.read_text()) if path.exists() else {}
