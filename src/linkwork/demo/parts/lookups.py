"""The demo world's lookups: the shipped sample postcodes and deprivation deciles."""

from __future__ import annotations

from typing import Any

from linkwork.demo.context import DemoContext, demo_part
from linkwork.lookups.services import lookup_load_samples


@demo_part("lookups", order=5)
def build_lookups(ctx: DemoContext) -> dict[str, Any]:
    results = lookup_load_samples()
    ctx.log("Lookups: " + ", ".join(f"{r.kind} {r.created}" for r in results) + ".")
    return {r.kind: r.created for r in results}
