"""Bespoke definitions with absurd numbers are refused, naming the field."""

from __future__ import annotations

import pytest

from linkwork.outcomes.scoring import DefinitionError, bespoke_schema, load_bespoke_definition
from linkwork.outcomes.scoring.limits import ITEM_VALUE_LIMIT, MAX_ITEM_OPTIONS
from linkwork.outcomes.scoring.tests.test_bespoke import VALID, variant


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("items.0.max", 10**12, "items[0].max: must be at most 1000; got 1000000000000"),
        ("items.0.min", -(10**12), "items[0].min: must be at least -1000"),
        ("bands.0.high", 10**15, "bands[0].high: must be at most 1000000"),
        ("mic", 1e300, "mic: must be at most 1000000"),
        ("max_missing", 10**9, "max_missing: must be at most 200"),
    ],
)
def test_huge_numbers_are_refused_naming_the_field(path: str, value: object, message: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        load_bespoke_definition(variant(path, value))
    assert message in caught.value.message


def test_an_item_with_too_many_response_options_is_refused() -> None:
    data = variant("items.0.max", MAX_ITEM_OPTIONS)  # 0..101: one option too many
    with pytest.raises(DefinitionError, match=r"items\[0\]: offers 102 response options"):
        load_bespoke_definition(data)
    load_bespoke_definition(variant("items.0.max", MAX_ITEM_OPTIONS - 1))  # 0..100 is fine


def test_the_published_schema_states_the_bounds() -> None:
    item = bespoke_schema()["$defs"]["item"]["properties"]
    assert item["max"]["maximum"] == ITEM_VALUE_LIMIT
    assert item["min"]["minimum"] == -ITEM_VALUE_LIMIT
    assert load_bespoke_definition(VALID).id == "garden_group"
