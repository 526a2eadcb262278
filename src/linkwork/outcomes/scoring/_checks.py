"""Consistency checks run when a definition is built.

Kept apart from the dataclasses so definitions.py reads as a data model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from .errors import DefinitionError
from .formatting import fmt

if TYPE_CHECKING:
    from .definitions import Band, InstrumentDefinition, ResponseScale

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def check_scale(scale: ResponseScale) -> None:
    for name in ("min", "max"):
        value = getattr(scale, name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise DefinitionError(f"must be a whole number; got {value!r}", field=f"scale.{name}")
    if scale.min >= scale.max:
        raise DefinitionError(
            f"min ({scale.min}) must be less than max ({scale.max})", field="scale"
        )
    points = scale.max - scale.min + 1
    if scale.labels and len(scale.labels) != points:
        raise DefinitionError(
            f"needs one label per point ({points}); got {len(scale.labels)}", field="scale.labels"
        )


def check_definition(definition: InstrumentDefinition) -> None:
    _check_identity(definition)
    _check_items(definition)
    _check_rule(definition)
    _check_missing(definition)
    _check_risk_rules(definition)
    if definition.mic is not None and not definition.mic > 0:
        raise DefinitionError(f"must be greater than 0; got {definition.mic}", field="mic")


def check_bands(bands: Sequence[Band], valid: tuple[float, float], field: str) -> None:
    """Bands must sit inside the valid range and must not overlap."""
    low, high = valid
    for index, band in enumerate(bands):
        where = f"{field}[{index}]"
        if not band.label.strip():
            raise DefinitionError("band label must not be empty", field=where)
        if band.low > band.high:
            raise DefinitionError(
                f"band '{band.label}' has low ({fmt(band.low)}) above high ({fmt(band.high)})",
                field=where,
            )
        if band.low < low or band.high > high:
            raise DefinitionError(
                f"band '{band.label}' ({_span(band)}) falls outside the valid range "
                f"{fmt(low)}-{fmt(high)}",
                field=where,
            )
    ordered = sorted(enumerate(bands), key=lambda pair: pair[1].low)
    for (_, previous), (index, band) in pairwise(ordered):
        if band.low <= previous.high:
            raise DefinitionError(
                f"band '{band.label}' ({_span(band)}) overlaps band "
                f"'{previous.label}' ({_span(previous)})",
                field=f"{field}[{index}]",
            )


def _span(band: Band) -> str:
    return f"{fmt(band.low)}-{fmt(band.high)}"


def _check_identity(definition: InstrumentDefinition) -> None:
    from .definitions import KINDS, SCORING_RULES

    if not CODE_PATTERN.match(definition.id):
        raise DefinitionError(
            f"must be lower-case letters, digits and underscores; got {definition.id!r}",
            field="id",
        )
    for name in ("version", "name"):
        if not getattr(definition, name).strip():
            raise DefinitionError("must not be empty", field=name)
    if definition.kind not in KINDS:
        raise DefinitionError(
            f"must be one of {', '.join(KINDS)}; got {definition.kind!r}", field="kind"
        )
    if definition.scoring not in SCORING_RULES:
        raise DefinitionError(
            f"must be one of {', '.join(SCORING_RULES)}; got {definition.scoring!r}",
            field="scoring",
        )


def _check_items(definition: InstrumentDefinition) -> None:
    if not definition.items:
        raise DefinitionError("an instrument needs at least one item", field="items")
    seen: dict[str, int] = {}
    for index, item in enumerate(definition.items):
        where = f"items[{index}]"
        if not CODE_PATTERN.match(item.code):
            raise DefinitionError(
                f"code must be lower-case letters, digits and underscores; got {item.code!r}",
                field=f"{where}.code",
            )
        if item.code in seen:
            raise DefinitionError(
                f"duplicate item code '{item.code}' (first used by items[{seen[item.code]}])",
                field=f"{where}.code",
            )
        seen[item.code] = index
        if not item.label.strip():
            raise DefinitionError("label must not be empty", field=f"{where}.label")
        if item.domain is not None and not CODE_PATTERN.match(item.domain):
            raise DefinitionError(
                f"domain must be lower-case letters, digits and underscores; got {item.domain!r}",
                field=f"{where}.domain",
            )


def _check_rule(definition: InstrumentDefinition) -> None:
    rule = definition.scoring
    if definition.kind == "licensed_score_only" and rule != "per_domain":
        raise DefinitionError("licensed score-only tools must use per_domain", field="scoring")
    if rule == "per_domain":
        for index, item in enumerate(definition.items):
            if item.domain is None:
                raise DefinitionError(
                    f"item '{item.code}' needs a domain for per_domain scoring",
                    field=f"items[{index}].domain",
                )
    if (definition.conversion is not None) != (rule == "conversion"):
        raise DefinitionError(
            "a conversion table goes with conversion scoring only", field="conversion"
        )
    if rule == "conversion":
        _check_conversion(definition)
    if definition.bands:
        if rule not in ("sum", "mean") or definition.total_range is None:
            raise DefinitionError("only sum or mean scoring can have bands", field="bands")
        check_bands(definition.bands, definition.total_range, "bands")
    if definition.item_bands and rule != "per_item":
        raise DefinitionError("per-item bands need per_item scoring", field="item_bands")
    scales = {item.code: item.scale for item in definition.items}
    for code, bands in definition.item_bands.items():
        if code not in scales:
            raise DefinitionError(f"unknown item code '{code}'", field="item_bands")
        check_bands(bands, (scales[code].min, scales[code].max), f"item_bands[{code}]")


def _check_conversion(definition: InstrumentDefinition) -> None:
    table = definition.conversion or {}
    assert definition.total_range is not None  # conversion always has a total
    low, high = (int(bound) for bound in definition.total_range)
    expected = list(range(low, high + 1))
    if sorted(table) != expected:
        raise DefinitionError(
            f"needs exactly one entry for every raw total {low}-{high}", field="conversion"
        )
    values = [table[raw] for raw in expected]
    for raw, (before, after) in zip(expected[1:], pairwise(values), strict=True):
        if after <= before:
            raise DefinitionError(
                f"must increase strictly; raw {raw} breaks this", field="conversion"
            )


def _check_missing(definition: InstrumentDefinition) -> None:
    limit = definition.max_missing
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise DefinitionError(
            f"must be a whole number of 0 or more; got {limit!r}", field="max_missing"
        )
    if limit >= len(definition.items):
        raise DefinitionError(
            f"must be less than the number of items ({len(definition.items)}); got {limit}",
            field="max_missing",
        )
    if limit and definition.scoring == "conversion":
        # The SWEMWBS table is only defined for complete raw totals.
        raise DefinitionError("conversion scoring needs every item answered", field="max_missing")
    if definition.prorate and definition.scoring != "sum":
        raise DefinitionError("proration only applies to sum scoring", field="prorate")
    if limit and definition.scoring == "sum":
        if not definition.prorate:
            # A plain sum of fewer items would look like a lower score, not a missing one.
            raise DefinitionError(
                "sum scoring with missing items allowed must prorate", field="prorate"
            )
        if len({item.scale for item in definition.items}) != 1:
            raise DefinitionError(
                "proration needs every item to share one response scale", field="prorate"
            )


def _check_risk_rules(definition: InstrumentDefinition) -> None:
    scales = {item.code: item.scale for item in definition.items}
    for index, rule in enumerate(definition.risk_rules):
        where = f"risk_rules[{index}]"
        if rule.item not in scales:
            raise DefinitionError(f"unknown item code '{rule.item}'", field=where)
        scale = scales[rule.item]
        if not scale.min <= rule.above < scale.max:
            raise DefinitionError(
                f"threshold {rule.above} must be from {scale.min} to {scale.max - 1}", field=where
            )
        if not rule.flag.strip():
            raise DefinitionError("flag must not be empty", field=where)
