"""Load locally designed ("bespoke") instruments from JSON-like data.

Two layers of checks: the JSON Schema (bespoke_schema.json) catches shape and
type mistakes; the semantic checks here and in the definition catch mistakes a
schema cannot express, such as overlapping bands or duplicate item codes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from .definitions import Band, InstrumentDefinition, Item, ResponseScale
from .errors import DefinitionError
from .limits import ITEM_VALUE_LIMIT, MAX_ITEM_OPTIONS, MAX_ITEMS, SCORE_VALUE_LIMIT
from .registry import builtin_definitions

SCHEMA_PATH = Path(__file__).with_name("bespoke_schema.json")
# Validators whose message reads better with the offending value echoed back.
_SHOW_VALUE = frozenset(
    {"pattern", "enum", "type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
)


def bespoke_schema() -> dict[str, Any]:
    """The JSON Schema for bespoke definitions (a fresh copy, e.g. to publish via the API)."""
    return copy.deepcopy(_schema())


def _bound(schema: dict[str, Any], limit: int) -> None:
    schema["minimum"], schema["maximum"] = -limit, limit


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # The bounds live in limits.py, the one place that says how large things may be.
    item, band, top = schema["$defs"]["item"], schema["$defs"]["band"], schema["properties"]
    _bound(item["properties"]["min"], ITEM_VALUE_LIMIT)
    _bound(item["properties"]["max"], ITEM_VALUE_LIMIT)
    _bound(band["properties"]["low"], SCORE_VALUE_LIMIT)
    _bound(band["properties"]["high"], SCORE_VALUE_LIMIT)
    top["mic"]["maximum"] = SCORE_VALUE_LIMIT
    top["max_missing"]["maximum"] = MAX_ITEMS
    top["items"]["maxItems"] = MAX_ITEMS
    top["bands"]["maxItems"] = MAX_ITEMS
    return schema


@cache
def _validator() -> Draft202012Validator:
    schema = _schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def load_bespoke_definition(data: Mapping[str, Any]) -> InstrumentDefinition:
    """Validate a bespoke definition and build it; DefinitionError names the bad field."""
    if not isinstance(data, Mapping):
        raise DefinitionError(f"must be a JSON object; got {type(data).__name__}")
    error = best_match(_validator().iter_errors(dict(data)))
    if error is not None:
        field, message = _describe(error)
        raise DefinitionError(message, field=field)
    _check_semantics(data)
    scoring = data["scoring"]
    max_missing = int(data.get("max_missing", 0))
    return InstrumentDefinition(
        id=data["id"],
        version=data["version"],
        name=data["name"],
        kind="bespoke",
        items=tuple(_item(raw) for raw in data["items"]),
        scoring=scoring,
        max_missing=max_missing,
        # A bespoke sum that tolerates gaps must prorate, or gaps would read as low scores.
        prorate=scoring == "sum" and max_missing > 0,
        bands=tuple(Band(raw["label"], raw["low"], raw["high"]) for raw in data.get("bands", ())),
        mic=data.get("mic"),
        higher_is_better=data.get("higher_is_better", True),
        licence=data.get("licence", ""),
    )


def _item(raw: Mapping[str, Any]) -> Item:
    # The schema's "integer" admits 3.0, so normalise to int for the scale.
    scale = ResponseScale(int(raw["min"]), int(raw["max"]))
    return Item(
        raw["code"],
        raw["label"],
        scale,
        reversed=raw.get("reversed", False),
        domain=raw.get("domain"),
    )


def _check_semantics(data: Mapping[str, Any]) -> None:
    if data["id"] in builtin_definitions():
        # Stops a local file silently standing in for a validated instrument.
        raise DefinitionError(f"'{data['id']}' is reserved for a built-in instrument", field="id")
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["items"]):
        if raw["min"] >= raw["max"]:
            raise DefinitionError(
                f"min ({raw['min']}) must be less than max ({raw['max']})",
                field=f"items[{index}]",
            )
        if raw["max"] - raw["min"] + 1 > MAX_ITEM_OPTIONS:
            raise DefinitionError(
                f"offers {raw['max'] - raw['min'] + 1} response options (min {raw['min']}, "
                f"max {raw['max']}); at most {MAX_ITEM_OPTIONS}",
                field=f"items[{index}]",
            )
        if raw["code"] in seen:
            raise DefinitionError(
                f"duplicate item code '{raw['code']}' (first used by items[{seen[raw['code']]}])",
                field=f"items[{index}].code",
            )
        seen[raw["code"]] = index
    max_missing = data.get("max_missing", 0)
    if data["scoring"] == "sum" and max_missing > 0:
        ranges = {(raw["min"], raw["max"]) for raw in data["items"]}
        if len(ranges) != 1:
            raise DefinitionError(
                "missing items can only be prorated when every item has the same min and max",
                field="max_missing",
            )


def _describe(error: ValidationError) -> tuple[str | None, str]:
    """Turn a jsonschema error into (field path, plain-English message)."""
    path = _path(error.absolute_path)
    # jsonschema types these attributes loosely; narrow before use.
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    if error.validator == "required":
        expected = error.validator_value if isinstance(error.validator_value, list) else []
        missing = [key for key in expected if key not in instance]
        return _join(path, missing[0] if missing else "?"), "is required"
    if error.validator == "additionalProperties":
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        extra = sorted(set(instance) - set(schema.get("properties", {})))
        return path, f"unexpected field(s): {', '.join(extra)}"
    message = _friendly(str(error.validator), error.validator_value) or error.message
    if error.validator in _SHOW_VALUE:
        message += f"; got {error.instance!r}"
    return path, message


def _friendly(validator: str, expected: Any) -> str | None:
    match validator:
        case "pattern":
            return "must be lower-case letters, digits and underscores, starting with a letter"
        case "enum":
            return f"must be one of: {', '.join(map(str, expected))}"
        case "type":
            return f"must be of type {expected}"
        case "minItems":
            return f"needs at least {expected} entry"
        case "minLength":
            return "must not be empty"
        case "maxLength":
            return f"must be at most {expected} characters"
        case "minimum":
            return f"must be at least {expected}"
        case "maximum":
            return f"must be at most {expected}"
        case "maxItems":
            return f"has more than {expected} entries"
        case "exclusiveMinimum":
            return f"must be greater than {expected}"
    return None


def _path(parts: Iterable[str | int]) -> str | None:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text = _join(text, part)
    return text or None


def _join(path: str | None, name: str) -> str:
    return f"{path}.{name}" if path else name
