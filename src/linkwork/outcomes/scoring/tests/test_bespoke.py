"""Bespoke definitions: schema validation, semantic checks and scoring."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from linkwork.outcomes.scoring import (
    DefinitionError,
    bespoke_schema,
    load_bespoke_definition,
    score,
)

VALID: dict[str, Any] = {
    "id": "garden_group",
    "version": "2",
    "name": "Community garden check-in",
    "items": [
        {"code": "calm", "label": "feeling calm", "min": 0, "max": 4},
        {"code": "tense", "label": "feeling tense", "min": 0, "max": 4, "reversed": True},
        {"code": "connected", "label": "connected to group", "min": 0, "max": 4},
    ],
    "scoring": "sum",
    "bands": [
        {"label": "low", "low": 0, "high": 5},
        {"label": "middle", "low": 6, "high": 8},
        {"label": "high", "low": 9, "high": 12},
    ],
    "mic": 2,
    "higher_is_better": True,
    "licence": "Ours; free to reuse.",
}


def variant(path: str, value: Any) -> dict[str, Any]:
    """VALID with one dotted path replaced (value ... means delete)."""
    data = copy.deepcopy(VALID)
    target: Any = data
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    key: Any = int(last) if last.isdigit() else last
    if value is ...:
        del target[key]
    else:
        target[key] = value
    return data


def test_valid_definition_loads_and_scores() -> None:
    definition = load_bespoke_definition(VALID)
    assert definition.kind == "bespoke"
    assert definition.total_range == (0, 12)
    assert definition.items[1].reversed is True
    # tense answered 4 is reversed to 0 + 4 - 4 = 0.
    result = score(definition, {"calm": 4, "tense": 4, "connected": 4})
    assert result.total == 8
    assert result.bands == {"total": "middle"}
    assert score(definition, [4, 0, 4]).total == 12


def test_defaults_apply() -> None:
    minimal = {k: VALID[k] for k in ("id", "version", "name", "items", "scoring")}
    definition = load_bespoke_definition(minimal)
    assert definition.max_missing == 0
    assert definition.mic is None
    assert definition.higher_is_better is True
    assert definition.bands == ()


def test_schema_is_published_as_a_dict() -> None:
    schema = bespoke_schema()
    assert schema["required"] == ["id", "version", "name", "items", "scoring"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (variant("id", ...), "id", "id: is required"),
        (
            variant("id", "Garden Group"),
            "id",
            "id: must be lower-case letters, digits and underscores, starting with a letter; "
            "got 'Garden Group'",
        ),
        (
            variant("scoring", "median"),
            "scoring",
            "scoring: must be one of: sum, mean, per_domain; got 'median'",
        ),
        (variant("colour", "green"), None, "unexpected field(s): colour"),
        (variant("items", []), "items", "items: needs at least 1 entry"),
        (
            variant("items.1.max", "4"),
            "items[1].max",
            "items[1].max: must be of type integer; got '4'",
        ),
        (variant("items.2.label", ...), "items[2].label", "items[2].label: is required"),
        (
            variant("items.0.wording", "How calm..."),
            "items[0]",
            "items[0]: unexpected field(s): wording",
        ),
        (variant("max_missing", -1), "max_missing", "max_missing: must be at least 0; got -1"),
        (variant("mic", 0), "mic", "mic: must be greater than 0; got 0"),
        (variant("name", ""), "name", "name: must not be empty"),
        (variant("bands.0.high", ...), "bands[0].high", "bands[0].high: is required"),
    ],
)
def test_schema_errors_name_the_field(
    data: dict[str, Any], field: str | None, message: str
) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_bespoke_definition(data)
    assert caught.value.field == field
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (variant("id", "phq9"), "id", "id: 'phq9' is reserved for a built-in instrument"),
        (
            variant("items.1.code", "calm"),
            "items[1].code",
            "items[1].code: duplicate item code 'calm' (first used by items[0])",
        ),
        (variant("items.2.min", 4), "items[2]", "items[2]: min (4) must be less than max (4)"),
        (variant("items.2.min", 5), "items[2]", "items[2]: min (5) must be less than max (4)"),
        (
            variant("bands.2.high", 13),
            "bands[2]",
            "bands[2]: band 'high' (9-13) falls outside the valid range 0-12",
        ),
        (
            variant("bands.1.low", 5),
            "bands[1]",
            "bands[1]: band 'middle' (5-8) overlaps band 'low' (0-5)",
        ),
        (
            variant("bands.1.low", 9),
            "bands[1]",
            "bands[1]: band 'middle' has low (9) above high (8)",
        ),
        (
            variant("max_missing", 3),
            "max_missing",
            "max_missing: must be less than the number of items (3); got 3",
        ),
        (
            variant("scoring", "per_domain"),
            "items[0].domain",
            "items[0].domain: item 'calm' needs a domain for per_domain scoring",
        ),
    ],
)
def test_semantic_errors_name_the_field(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_bespoke_definition(data)
    assert caught.value.field == field
    assert caught.value.message == message
    assert isinstance(caught.value, ValueError)


def test_per_domain_cannot_have_bands() -> None:
    data = copy.deepcopy(VALID)
    data["scoring"] = "per_domain"
    for item in data["items"]:
        item["domain"] = "mood"
    with pytest.raises(DefinitionError) as caught:
        load_bespoke_definition(data)
    assert caught.value.message == "bands: only sum or mean scoring can have bands"


def test_proration_needs_a_shared_scale() -> None:
    data = variant("items.2.max", 10)
    data["max_missing"] = 1
    data["bands"] = []
    with pytest.raises(DefinitionError) as caught:
        load_bespoke_definition(data)
    assert caught.value.field == "max_missing"
    assert "same min and max" in caught.value.message


def test_mean_bands_check_against_the_item_range() -> None:
    data = variant("scoring", "mean")
    with pytest.raises(DefinitionError) as caught:
        load_bespoke_definition(data)
    assert caught.value.message == ("bands[0]: band 'low' (0-5) falls outside the valid range 0-4")


def test_not_a_mapping() -> None:
    with pytest.raises(DefinitionError) as caught:
        load_bespoke_definition([VALID])  # type: ignore[arg-type]
    assert caught.value.message == "must be a JSON object; got list"


def test_integral_float_bounds_are_normalised() -> None:
    definition = load_bespoke_definition(variant("items.0.max", 4.0))
    assert definition.items[0].scale.max == 4
    assert isinstance(definition.items[0].scale.max, int)
