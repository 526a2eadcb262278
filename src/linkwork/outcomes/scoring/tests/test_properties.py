"""Property tests: invariants that must hold for any valid input."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from linkwork.outcomes.scoring import (
    SWEMWBS_CONVERSION,
    InstrumentDefinition,
    ResponseScale,
    builtin_definitions,
    load_bespoke_definition,
    reverse_value,
    score,
)

# No example database: it would write a .hypothesis folder into the project root.
quick = settings(database=None, max_examples=150, deadline=None)

TOTALLED = [
    definition
    for definition in builtin_definitions().values()
    if definition.scoring in ("sum", "mean", "conversion")
]


def complete_answers(definition: InstrumentDefinition) -> st.SearchStrategy[list[int]]:
    return st.tuples(
        *(st.integers(item.scale.min, item.scale.max) for item in definition.items)
    ).map(list)


@st.composite
def builtin_with_answers(draw: st.DrawFn) -> tuple[InstrumentDefinition, list[int]]:
    definition = draw(st.sampled_from(TOTALLED))
    return definition, draw(complete_answers(definition))


@quick
@given(builtin_with_answers())
def test_builtin_totals_stay_in_range(case: tuple[InstrumentDefinition, list[int]]) -> None:
    definition, answers = case
    result = score(definition, answers)
    assert definition.total_range is not None
    assert result.total is not None
    low, high = definition.total_range
    assert low <= result.total <= high
    if definition.score_range != definition.total_range:
        assert result.metric is not None
        metric_low, metric_high = definition.score_range or (0, 0)
        assert metric_low <= result.metric <= metric_high
    if definition.bands:
        assert "total" in result.bands  # the band tables leave no gaps


@st.composite
def bespoke_definitions(draw: st.DrawFn) -> dict[str, Any]:
    low = draw(st.integers(-5, 5))
    high = draw(st.integers(low + 1, low + 10))
    count = draw(st.integers(1, 12))
    return {
        "id": "prop_tool",
        "version": "1",
        "name": "Property tool",
        "items": [
            {
                "code": f"i{n}",
                "label": f"item {n}",
                "min": low,
                "max": high,
                "reversed": draw(st.booleans()),
            }
            for n in range(count)
        ],
        "scoring": draw(st.sampled_from(["sum", "mean"])),
        "max_missing": draw(st.integers(0, count - 1)),
    }


@quick
@given(bespoke_definitions(), st.data())
def test_missing_item_rule(data: dict[str, Any], draw: st.DataObject) -> None:
    definition = load_bespoke_definition(data)
    answers: list[int | None] = list(draw.draw(complete_answers(definition)))
    gaps = draw.draw(st.sets(st.integers(0, len(answers) - 1), max_size=len(answers) - 1))
    for index in gaps:
        answers[index] = None
    result = score(definition, answers)
    assert len(result.missing) == len(gaps)
    if len(gaps) <= definition.max_missing:
        assert result.total is not None
        assert result.prorated == bool(gaps)
        assert definition.total_range is not None
        low, high = definition.total_range
        assert low <= result.total <= high
        assert "incomplete" not in result.flags
    else:
        assert result.total is None
        assert result.flags == ("incomplete",)


@st.composite
def scale_and_value(draw: st.DrawFn) -> tuple[ResponseScale, int]:
    low = draw(st.integers(-100, 100))
    high = draw(st.integers(low + 1, low + 100))
    return ResponseScale(low, high), draw(st.integers(low, high))


@quick
@given(scale_and_value())
def test_reversal_is_an_involution(case: tuple[ResponseScale, int]) -> None:
    scale, value = case
    once = reverse_value(scale, value)
    assert scale.contains(once)
    assert reverse_value(scale, once) == value


@quick
@given(st.integers(7, 35), st.integers(7, 35))
def test_swemwbs_table_is_strictly_monotone(a: int, b: int) -> None:
    if a < b:
        assert SWEMWBS_CONVERSION[a] < SWEMWBS_CONVERSION[b]


def test_swemwbs_table_is_strictly_increasing_everywhere() -> None:
    values = [SWEMWBS_CONVERSION[raw] for raw in range(7, 36)]
    assert all(before < after for before, after in pairwise(values))
